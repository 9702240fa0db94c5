package com.vantagepoint.api.auth;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.net.MalformedURLException;
import java.net.URI;
import java.util.List;
import java.util.Set;

/**
 * Verifies Cognito user-pool tokens: RS256 signature against the pool's JWKS (cached, refreshed
 * when an unknown key id shows up), issuer, expiry, {@code token_use} and client id
 * ({@code client_id} claim for access tokens, {@code aud} for id tokens). Roles come from
 * {@code cognito:groups}.
 */
public final class CognitoVerifier implements TokenVerifier {
    private final String clientId;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    /** Production: the key set is re-fetched for an unknown kid at most every 30 s. */
    public CognitoVerifier(String issuer, String jwksUrl, String clientId) {
        this(issuer, jwksUrl, clientId, 30_000L);
    }

    /** @param minRefreshMillis minimum interval between key-set fetches (0: no rate limit, for tests) */
    public CognitoVerifier(String issuer, String jwksUrl, String clientId, long minRefreshMillis) {
        if (clientId == null || clientId.isBlank()) {
            throw new IllegalArgumentException("api.auth.cognito.client-id must be set in cognito mode");
        }
        this.clientId = clientId;
        JWKSource<SecurityContext> keys;
        try {
            JWKSourceBuilder<SecurityContext> builder = JWKSourceBuilder.<SecurityContext>create(URI.create(jwksUrl).toURL());
            builder = minRefreshMillis > 0 ? builder.rateLimited(minRefreshMillis) : builder.rateLimited(false);
            keys = builder
                    .cache(15 * 60_000L, 5_000L)
                    .retrying(true)
                    .build();
        } catch (MalformedURLException | IllegalArgumentException e) {
            throw new IllegalArgumentException("bad JWKS URL: " + jwksUrl);
        }
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256, keys));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp", "token_use")));
    }

    /** From the {@code api.auth.cognito} settings: issuer defaults to the pool's, JWKS URL to the issuer's. */
    public static CognitoVerifier fromSettings(String region, String poolId, String issuerOverride, String jwksOverride,
                                               String clientId) {
        String issuer = issuerOverride == null || issuerOverride.isBlank()
                ? "https://cognito-idp." + region + ".amazonaws.com/" + poolId : issuerOverride;
        if ((issuerOverride == null || issuerOverride.isBlank()) && (poolId == null || poolId.isBlank())) {
            throw new IllegalArgumentException("api.auth.cognito.user-pool-id must be set in cognito mode");
        }
        String jwks = jwksOverride == null || jwksOverride.isBlank() ? issuer + "/.well-known/jwks.json" : jwksOverride;
        return new CognitoVerifier(issuer, jwks, clientId);
    }

    @Override
    public Principal verify(String token) throws AuthException {
        JWTClaimsSet claims = TokenVerifier.verifiedClaims(processor, token);
        Object use = claims.getClaim("token_use");
        if ("access".equals(use)) {
            if (!clientId.equals(claims.getClaim("client_id"))) {
                throw new AuthException("invalid token: wrong client_id");
            }
        } else if ("id".equals(use)) {
            List<String> aud = claims.getAudience();
            if (aud == null || !aud.contains(clientId)) {
                throw new AuthException("invalid token: wrong audience");
            }
        } else {
            throw new AuthException("invalid token: token_use must be access or id");
        }
        Object username = claims.getClaim("access".equals(use) ? "username" : "cognito:username");
        return new Principal(username instanceof String s ? s : claims.getSubject(), LocalTokens.roles(claims, "cognito:groups"));
    }
}
