package com.vantagepoint.api.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTProcessor;
import com.nimbusds.jose.proc.SecurityContext;

/** Turns a bearer token into a principal, or refuses it. */
public interface TokenVerifier {
    Principal verify(String token) throws AuthException;

    /** Verifies signature and standard claims with the processor; any failure becomes an AuthException. */
    static JWTClaimsSet verifiedClaims(JWTProcessor<SecurityContext> processor, String token) throws AuthException {
        try {
            return processor.process(token, null);
        } catch (Exception e) {
            throw new AuthException("invalid token: " + e.getMessage());
        }
    }
}
