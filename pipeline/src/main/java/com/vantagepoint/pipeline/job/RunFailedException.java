package com.vantagepoint.pipeline.job;

/** The run stopped before publishing (e.g. a source over the reject threshold); nothing was published. */
public class RunFailedException extends RuntimeException {
    private final String runId;

    public RunFailedException(String runId, String message) {
        super(message);
        this.runId = runId;
    }

    public RunFailedException(String runId, String message, Throwable cause) {
        super(message, cause);
        this.runId = runId;
    }

    public String runId() {
        return runId;
    }
}
