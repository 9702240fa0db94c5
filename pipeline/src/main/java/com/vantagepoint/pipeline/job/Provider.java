package com.vantagepoint.pipeline.job;

import java.util.Locale;

/** Who analyzes transcripts and words insights ({@code enrichment.provider}). */
public enum Provider {
    LOCAL,
    BEDROCK;

    /**
     * Case-insensitive, surrounding blanks ignored.
     *
     * @throws IllegalArgumentException saying what is accepted (the caller names the key or flag)
     */
    public static Provider parse(String value) {
        return switch (value.trim().toLowerCase(Locale.ROOT)) {
            case "local" -> LOCAL;
            case "bedrock" -> BEDROCK;
            default -> throw new IllegalArgumentException("must be local or bedrock, was '" + value + "'");
        };
    }

    /** The configuration value. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
