package com.vantagepoint.api;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.vantagepoint.api.auth.LocalTokens;
import com.vantagepoint.api.auth.PasswordHasher;
import com.vantagepoint.api.auth.Role;
import com.vantagepoint.api.auth.UserStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class LocalAuthTest {
    static ApiFixture api;
    static RSAKey key;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(TestWarehouse.get(), Map.of("api.auth.max-failed-logins", 3, "api.auth.lockout-seconds", 60));
        key = RSAKey.parse(Files.readString(api.home.resolve(LocalTokens.KEY_FILE)));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String sign(RSAKey k, String kid, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(kid).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(k));
        return jwt.serialize();
    }

    private static JWTClaimsSet.Builder claims(String issuer, Instant exp) {
        return new JWTClaimsSet.Builder().issuer(issuer).subject("analyst1").issueTime(new Date())
                .expirationTime(Date.from(exp)).claim("roles", List.of("analyst", "viewer"));
    }

    @Test
    void loginIssuesAnHourLongTokenThatWorks() throws Exception {
        ApiFixture.Resp r = api.post("/api/login", null, "{\"username\":\"viewer1\",\"password\":\"" + ApiFixture.PASSWORD + "\"}");
        assertEquals(200, r.status(), r.body());
        assertEquals(3600, r.json().get("expires_in").asLong());
        String token = r.json().get("token").asText();
        JWTClaimsSet c = SignedJWT.parse(token).getJWTClaimsSet();
        assertEquals(LocalTokens.ISSUER, c.getIssuer());
        assertEquals(List.of("viewer"), c.getStringListClaim("roles"));
        assertEquals(JWSAlgorithm.RS256, SignedJWT.parse(token).getHeader().getAlgorithm());
        assertEquals(200, api.get("/api/dashboard?limit=1", token).status());
    }

    @Test
    void wrongPasswordsLockTheNameOut() throws Exception {
        UserStore users = new UserStore(api.home);
        users.put("locky", Role.VIEWER, "right-password-1".toCharArray());
        for (int i = 0; i < 3; i++) {
            ApiFixture.Resp r = api.post("/api/login", null, "{\"username\":\"locky\",\"password\":\"wrong\"}");
            assertEquals(401, r.status());
            assertEquals("invalid username or password", r.json().get("detail").asText());
        }
        ApiFixture.Resp locked = api.post("/api/login", null, "{\"username\":\"locky\",\"password\":\"right-password-1\"}");
        assertEquals(429, locked.status());
        assertTrue(locked.headers().firstValue("Retry-After").isPresent());
        assertEquals(401, api.post("/api/login", null, "{\"username\":\"nobody\",\"password\":\"whatever\"}").status());
        assertEquals(400, api.post("/api/login", null, "{\"username\":\"locky\"}").status());
    }

    @Test
    void secretsInHomeAreOwnerOnly() throws Exception {
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(api.home.resolve(LocalTokens.KEY_FILE))));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(api.home.resolve(UserStore.FILE))));
        String stored = Files.readString(api.home.resolve(UserStore.FILE));
        assertFalse(stored.contains(ApiFixture.PASSWORD));
        assertTrue(stored.contains("pbkdf2-sha256$" + PasswordHasher.ITERATIONS + "$"));
    }

    @Test
    void expiredTokenIsRejected() throws Exception {
        String t = sign(key, key.getKeyID(), claims(LocalTokens.ISSUER, Instant.now().minusSeconds(600)).build());
        ApiFixture.Resp r = api.get("/api/dashboard", t);
        assertEquals(401, r.status());
        assertTrue(r.json().get("detail").asText().toLowerCase().contains("expired"), r.body());
    }

    @Test
    void tokenSignedByAnotherKeyIsRejected() throws Exception {
        RSAKey other = new RSAKeyGenerator(2048).generate();
        assertEquals(401, api.get("/api/dashboard", sign(other, key.getKeyID(), claims(LocalTokens.ISSUER, Instant.now().plusSeconds(600)).build())).status());
    }

    @Test
    void unsignedTokenIsRejected() throws Exception {
        String none = new PlainJWT(claims(LocalTokens.ISSUER, Instant.now().plusSeconds(600)).build()).serialize();
        assertEquals(401, api.get("/api/dashboard", none).status());
    }

    @Test
    void wrongIssuerIsRejected() throws Exception {
        assertEquals(401, api.get("/api/dashboard", sign(key, key.getKeyID(), claims("someone-else", Instant.now().plusSeconds(600)).build())).status());
    }

    @Test
    void validHandMadeTokenIsAcceptedSoTheRejectionsAboveAreMeaningful() throws Exception {
        assertEquals(200, api.get("/api/dashboard?limit=1", sign(key, key.getKeyID(), claims(LocalTokens.ISSUER, Instant.now().plusSeconds(600)).build())).status());
    }

    @Test
    void tokenOfARemovedUserIsRejected() throws Exception {
        UserStore users = new UserStore(api.home);
        users.put("leaver", Role.VIEWER, "leaver-password".toCharArray());
        String t = new LocalTokens(api.home, java.time.Duration.ofHours(1), new UserStore(api.home)).issue("leaver");
        assertEquals(200, api.get("/api/dashboard?limit=1", t).status());
        users.remove("leaver");
        // a verified token is remembered for up to 10 s; a fresh server sees the removal at once
        try (ApiFixture fresh = ApiFixture.start(TestWarehouse.get())) {
            assertEquals(401, fresh.get("/api/dashboard?limit=1", t).status());
        }
    }
}
