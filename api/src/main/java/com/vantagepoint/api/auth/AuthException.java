package com.vantagepoint.api.auth;

/** A token or login that cannot be accepted (401), with a reason safe to show. */
public final class AuthException extends Exception {
    public AuthException(String message) {
        super(message);
    }
}
