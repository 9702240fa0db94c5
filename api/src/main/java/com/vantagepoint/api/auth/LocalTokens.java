package com.vantagepoint.api.auth;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import com.vantagepoint.scoring.config.SecureFiles;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.ParseException;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Local-mode tokens: RS256 JWTs signed with a key pair kept in {@code $VANTAGEPOINT_HOME/signing-key.jwk}
 * (mode 600, created by whichever command first needs it), issuer {@value #ISSUER}, a {@code roles} claim.
 */
public final class LocalTokens implements TokenVerifier {
    public static final String ISSUER = "vantagepoint-local";
    public static final String KEY_FILE = "signing-key.jwk";

    private final RSAKey key;
    private final Duration ttl;
    private final UserStore users;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();

    public LocalTokens(Path home, Duration ttl, UserStore users) throws IOException {
        this.key = loadOrCreateKey(home.resolve(KEY_FILE));
        this.ttl = ttl;
        this.users = users;
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(JWSAlgorithm.RS256,
                new ImmutableJWKSet<>(new JWKSet(key.toPublicJWK()))));
        processor.setJWTClaimsSetVerifier(new DefaultJWTClaimsVerifier<>(
                new JWTClaimsSet.Builder().issuer(ISSUER).build(), Set.of("sub", "exp", "iat", "roles")));
    }

    static RSAKey loadOrCreateKey(Path file) throws IOException {
        if (!Files.exists(file)) {
            try {
                RSAKey fresh = new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).keyIDFromThumbprint(true)
                        .algorithm(JWSAlgorithm.RS256).generate();
                SecureFiles.createIfAbsent(file, fresh.toJSONString().getBytes(StandardCharsets.UTF_8));
            } catch (JOSEException e) {
                throw new IOException("cannot generate the signing key: " + e.getMessage(), e);
            }
        }
        try {
            return RSAKey.parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (ParseException e) {
            throw new IOException("unreadable signing key " + file + ": " + e.getMessage(), e);
        }
    }

    /** A signed token for a user of the store. */
    public String issue(String name) throws IOException {
        UserStore.User user = users.find(name).orElseThrow(() -> new IllegalArgumentException("no such user: " + name));
        Role role = Role.fromLabel(user.role()).orElseThrow(() -> new IllegalStateException("bad role for " + name));
        Instant now = Instant.now();
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .issuer(ISSUER).subject(name).issueTime(Date.from(now)).expirationTime(Date.from(now.plus(ttl)))
                .jwtID(UUID.randomUUID().toString())
                .claim("roles", role.grantedLabels())
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(key.getKeyID())
                .type(JOSEObjectType.JWT).build(), claims);
        try {
            jwt.sign(new RSASSASigner(key));
        } catch (JOSEException e) {
            throw new IOException("cannot sign token: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }

    public Duration ttl() {
        return ttl;
    }

    @Override
    public Principal verify(String token) throws AuthException {
        JWTClaimsSet claims = TokenVerifier.verifiedClaims(processor, token);
        return current(new Principal(claims.getSubject(), roles(claims, "roles")));
    }

    /** The token's roles limited to what the store grants the user now: removal and demotion take effect at once. */
    @Override
    public Principal current(Principal verified) throws AuthException {
        UserStore.User user = users.find(verified.name())
                .orElseThrow(() -> new AuthException("invalid token: unknown user"));
        Set<Role> granted = EnumSet.noneOf(Role.class);
        Role.fromLabel(user.role()).ifPresent(now -> {
            for (Role r : verified.roles()) {
                if (now.grants(r)) {
                    granted.add(r);
                }
            }
        });
        return new Principal(verified.name(), granted);
    }

    static Set<Role> roles(JWTClaimsSet claims, String claim) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        try {
            List<String> names = claims.getStringListClaim(claim);
            if (names != null) {
                names.forEach(n -> Role.fromLabel(n).ifPresent(roles::add));
            }
        } catch (ParseException e) {
            // a malformed roles claim grants nothing
        }
        return roles;
    }
}
