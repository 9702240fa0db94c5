package com.vantagepoint.pipeline.storage;

import java.io.IOException;
import java.io.UncheckedIOException;

/** One-line storage failures, {@code <uri>: <cause>}, for the CLI's {@code error:} line. */
public final class StorageErrors {
    private StorageErrors() {
    }

    public static UncheckedIOException failure(String uri, Exception e) {
        IOException io = e instanceof IOException i ? i : new IOException(e);
        return new UncheckedIOException(uri + ": " + cause(e), io);
    }

    /**
     * The innermost message: s3a and the AWS SDK wrap the useful part ("Connection refused", "does not exist")
     * in layers of operation names and request ids.
     */
    static String cause(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root && root.getCause().getMessage() != null) {
            root = root.getCause();
        }
        String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
        // Hadoop quotes the path first ("`s3a://bucket/': Bucket does not exist"); the caller names the URI already.
        return message.lines().findFirst().orElse("").replaceFirst("^`[^']*':\\s*", "").strip();
    }
}
