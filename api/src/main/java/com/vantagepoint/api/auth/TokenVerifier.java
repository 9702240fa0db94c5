package com.vantagepoint.api.auth;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.JWTProcessor;
import com.nimbusds.jose.proc.SecurityContext;

/** Turns a bearer token into a principal, or refuses it. */
public interface TokenVerifier {
    Principal verify(String token) throws AuthException;

    /**
     * What a principal verified earlier (e.g. a cached token) may do now; by default what its token said.
     * A verifier backed by a user store re-reads it, so a removed or demoted user loses access at once.
     */
    default Principal current(Principal verified) throws AuthException {
        return verified;
    }

    /** Verifies signature and standard claims with the processor; any failure becomes an AuthException. */
    static JWTClaimsSet verifiedClaims(JWTProcessor<SecurityContext> processor, String token) throws AuthException {
        try {
            return processor.process(token, null);
        } catch (Exception e) {
            throw new AuthException("invalid token: " + e.getMessage());
        }
    }
}
