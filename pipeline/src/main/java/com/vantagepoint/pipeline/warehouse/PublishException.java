package com.vantagepoint.pipeline.warehouse;

/** Publishing was refused or failed; the previously published marts are untouched. */
public class PublishException extends RuntimeException {
    public PublishException(String message) {
        super(message);
    }

    public PublishException(String message, Throwable cause) {
        super(message, cause);
    }
}
