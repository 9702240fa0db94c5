package com.vantagepoint.pipeline.source;

/** The four raw sources, with their folder under an input root and their name in the rejects table. */
public enum SourceName {
    ACCOUNTS("accounts", "crm/accounts"),
    OPPORTUNITIES("opportunities", "crm/opportunities"),
    USAGE_LOGS("usage_logs", "usage_logs"),
    TRANSCRIPTS("transcripts", "transcripts");

    private final String label;
    private final String relativePath;

    SourceName(String label, String relativePath) {
        this.label = label;
        this.relativePath = relativePath;
    }

    /** The name stored in REJECTED_RECORDS.source and in the run report. */
    public String label() {
        return label;
    }

    /** Folder below the input root; year=/month= partitions (usage, transcripts) are found recursively. */
    public String relativePath() {
        return relativePath;
    }
}
