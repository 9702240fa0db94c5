package com.vantagepoint.api;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Cognito mode against a JWKS served by a local JDK HttpServer with keys generated here. */
class CognitoAuthTest {
    static final String ISSUER = "https://cognito-idp.eu-west-2.amazonaws.com/eu-west-2_TestPool";
    static final String CLIENT = "test-client-id";
    static HttpServer jwks;
    static final List<JWK> published = new CopyOnWriteArrayList<>();
    static final AtomicInteger fetches = new AtomicInteger();
    static RSAKey key;
    static ApiFixture api;
    static String account;

    @BeforeAll
    static void start() throws Exception {
        key = new RSAKeyGenerator(2048).keyID("kid-1").generate();
        published.add(key.toPublicJWK());
        jwks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        jwks.createContext("/.well-known/jwks.json", ex -> {
            fetches.incrementAndGet();
            byte[] body = new JWKSet(new ArrayList<>(published)).toString(true).getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().add("Content-Type", "application/json");
            ex.sendResponseHeaders(200, body.length);
            ex.getResponseBody().write(body);
            ex.close();
        });
        jwks.start();
        api = ApiFixture.start(TestWarehouse.get(), Map.of(
                "api.auth.mode", "cognito",
                "api.auth.cognito.issuer", ISSUER,
                "api.auth.cognito.jwks-url", "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json",
                "api.auth.cognito.client-id", CLIENT));
        account = Marts.string(TestWarehouse.get(), "SELECT min(account_id) FROM ACCOUNT_HEALTH_SCORE");
    }

    @AfterAll
    static void stop() {
        api.close();
        jwks.stop(0);
    }

    static JWTClaimsSet.Builder access(List<String> groups) {
        return new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-sub-1").claim("token_use", "access")
                .claim("client_id", CLIENT).claim("username", "alice").claim("cognito:groups", groups)
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600)));
    }

    static String sign(RSAKey k, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).keyID(k.getKeyID()).type(JOSEObjectType.JWT).build(), claims);
        jwt.sign(new RSASSASigner(k));
        return jwt.serialize();
    }

    @Test
    void analystAccessTokenIsAccepted() throws Exception {
        String t = sign(key, access(List.of("analyst")).build());
        assertEquals(200, api.get("/api/dashboard?limit=1", t).status());
        assertEquals(200, api.get("/api/accounts/" + account + "/transcripts", t).status());
        assertEquals(200, api.post("/api/rag", t, "{\"query\":\"how many critical accounts?\"}").status());
    }

    @Test
    void idTokenIsCheckedAgainstTheAudience() throws Exception {
        JWTClaimsSet.Builder id = new JWTClaimsSet.Builder().issuer(ISSUER).subject("user-sub-2").claim("token_use", "id")
                .audience(CLIENT).claim("cognito:username", "bob").claim("cognito:groups", List.of("viewer"))
                .issueTime(new Date()).expirationTime(Date.from(Instant.now().plusSeconds(600)));
        assertEquals(200, api.get("/api/dashboard?limit=1", sign(key, id.build())).status());
        assertEquals(401, api.get("/api/dashboard?limit=1", sign(key, id.audience("other-client").build())).status());
    }

    @Test
    void viewerGroupIsForbiddenFromTranscriptsAndQuestions() throws Exception {
        String t = sign(key, access(List.of("viewer")).build());
        assertEquals(200, api.get("/api/accounts/" + account, t).status());
        assertEquals(403, api.get("/api/accounts/" + account + "/transcripts", t).status());
        assertEquals(403, api.get("/api/account/" + account + "/transcripts", t).status());
        assertEquals(403, api.post("/api/rag", t, "{\"query\":\"how many?\"}").status());
    }

    @Test
    void noGroupMeansNoAccess() throws Exception {
        assertEquals(403, api.get("/api/dashboard?limit=1", sign(key, access(List.of()).build())).status());
    }

    @Test
    void missingTokenIsUnauthorized() throws Exception {
        assertEquals(401, api.get("/api/dashboard", null).status());
    }

    @Test
    void expiredTokenIsUnauthorized() throws Exception {
        String t = sign(key, access(List.of("analyst")).expirationTime(Date.from(Instant.now().minusSeconds(300))).build());
        assertEquals(401, api.get("/api/dashboard", t).status());
    }

    @Test
    void wrongSignatureIsUnauthorized() throws Exception {
        RSAKey impostor = new RSAKeyGenerator(2048).keyID("kid-1").generate();
        assertEquals(401, api.get("/api/dashboard", sign(impostor, access(List.of("analyst")).build())).status());
    }

    @Test
    void algNoneIsUnauthorized() throws Exception {
        assertEquals(401, api.get("/api/dashboard", new PlainJWT(access(List.of("analyst")).build()).serialize()).status());
    }

    @Test
    void wrongIssuerIsUnauthorized() throws Exception {
        String t = sign(key, access(List.of("analyst")).issuer("https://cognito-idp.eu-west-2.amazonaws.com/other").build());
        assertEquals(401, api.get("/api/dashboard", t).status());
    }

    @Test
    void wrongClientIdIsUnauthorized() throws Exception {
        assertEquals(401, api.get("/api/dashboard", sign(key, access(List.of("analyst")).claim("client_id", "intruder").build())).status());
    }

    @Test
    void wrongTokenUseIsUnauthorized() throws Exception {
        assertEquals(401, api.get("/api/dashboard", sign(key, access(List.of("analyst")).claim("token_use", "refresh").build())).status());
    }

    @Test
    void unknownKidIsUnauthorizedAfterARefreshOfTheKeySet() throws Exception {
        RSAKey unpublished = new RSAKeyGenerator(2048).keyID("kid-unknown").generate();
        int before = fetches.get();
        ApiFixture.Resp r = api.get("/api/dashboard", sign(unpublished, access(List.of("analyst")).build()));
        assertEquals(401, r.status());
        assertTrue(fetches.get() >= before, "the key set may be re-fetched for an unknown kid");
    }

    @Test
    void rotatedKeyIsPickedUpByRefreshingOnAnUnknownKid() throws Exception {
        com.vantagepoint.api.auth.CognitoVerifier verifier = new com.vantagepoint.api.auth.CognitoVerifier(ISSUER,
                "http://127.0.0.1:" + jwks.getAddress().getPort() + "/.well-known/jwks.json", CLIENT, 0);
        assertEquals("alice", verifier.verify(sign(key, access(List.of("viewer")).build())).name());
        RSAKey rotated = new RSAKeyGenerator(2048).keyID("kid-2").generate();
        published.add(rotated.toPublicJWK());
        try {
            assertEquals("alice", verifier.verify(sign(rotated, access(List.of("viewer")).build())).name());
        } finally {
            published.remove(rotated.toPublicJWK());
        }
    }
}
