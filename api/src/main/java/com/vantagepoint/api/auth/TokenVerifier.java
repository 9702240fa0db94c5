package com.vantagepoint.api.auth;

/** Turns a bearer token into a principal, or refuses it. */
public interface TokenVerifier {
    Principal verify(String token) throws AuthException;
}
