package com.vantagepoint.api.http;

/** An error with an HTTP status, rendered as {@code {error, detail}} by the one exception mapper. */
public final class ApiException extends RuntimeException {
    private final int status;
    private final String error;

    public ApiException(int status, String error, String detail) {
        super(detail);
        this.status = status;
        this.error = error;
    }

    public int status() {
        return status;
    }

    public String error() {
        return error;
    }

    public static ApiException notFound(String detail) {
        return new ApiException(404, "not_found", detail);
    }

    public static ApiException badRequest(String detail) {
        return new ApiException(400, "bad_request", detail);
    }
}
