package com.vantagepoint.api;

import com.vantagepoint.api.auth.Role;
import com.vantagepoint.api.auth.UserStore;
import com.vantagepoint.api.http.ApiServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Attacks and operational edges the API must answer precisely: roles, parameters, Jetty's own errors, readiness. */
class HardenedApiTest {
    static ApiFixture api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(TestWarehouse.get());
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void aDemotedAnalystLosesTranscriptAccessAtOnce() throws Exception {
        UserStore users = new UserStore(api.home);
        users.put("demoted1", Role.ANALYST, ApiFixture.PASSWORD.toCharArray());
        String token = api.token("demoted1");
        String id = Marts.string(TestWarehouse.get(), "SELECT min(account_id) FROM ACCOUNT_HEALTH_SCORE");
        assertEquals(200, api.get("/api/accounts/" + id + "/transcripts", token).status());
        users.put("demoted1", Role.VIEWER, ApiFixture.PASSWORD.toCharArray());
        ApiFixture.Resp after = api.get("/api/accounts/" + id + "/transcripts", token);
        assertEquals(403, after.status(), "the same (cached) token no longer grants analyst");
        assertEquals(200, api.get("/api/accounts/" + id, token).status(), "still a viewer");
        users.remove("demoted1");
        assertEquals(401, api.get("/api/accounts/" + id, token).status(), "a removed user is refused");
    }

    @Test
    void aRepeatedParameterIsABadRequestNotTheFirstValue() throws Exception {
        String token = api.token("viewer1");
        ApiFixture.Resp r = api.get("/api/dashboard?risk_tier=critical&risk_tier=healthy", token);
        assertEquals(400, r.status());
        assertEquals("query parameter 'risk_tier' given 2 times; give it once", r.json().get("detail").asText());
        assertEquals(400, api.get("/api/dashboard?limit=10&limit=20", token).status());
    }

    @Test
    void aControlCharacterInTheSearchIsRefusedInsteadOfMatchingEverything() throws Exception {
        ApiFixture.Resp r = api.get("/api/dashboard?q=%00", api.token("viewer1"));
        assertEquals(400, r.status());
        assertTrue(r.json().get("detail").asText().contains("control characters"), r.body());
    }

    @Test
    void jettysOwnErrorsAreJsonToo() throws Exception {
        String tooLarge = raw("GET /api/health HTTP/1.1\r\nHost: x\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n");
        assertTrue(tooLarge.startsWith("HTTP/1.1 431"), tooLarge);
        assertTrue(tooLarge.contains("application/json") && tooLarge.contains("\"error\":\"request_header_fields_too_large\""),
                tooLarge);
        String badPath = raw("GET /api/%zz HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        assertTrue(badPath.startsWith("HTTP/1.1 400"), badPath);
        assertTrue(badPath.contains("application/json") && badPath.contains("\"error\":\"bad_request\""), badPath);
    }

    @Test
    void readinessWaitsForTheSnapshotWhileLivenessAnswersAtOnce() throws Exception {
        assertEquals(200, api.get("/api/health/ready", null).status());
        Path empty = Files.createTempDirectory("vp-empty-wh");
        ApiServer server = ApiServer.create(ApiFixture.settings(ApiFixture.sharedHome(), empty, Map.of())).listen();
        try {
            ApiFixture.Resp ready = api.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/health/ready")).GET().build());
            ApiFixture.Resp live = api.send(java.net.http.HttpRequest.newBuilder(
                    java.net.URI.create("http://127.0.0.1:" + server.port() + "/api/health")).GET().build());
            assertEquals(503, ready.status(), ready.body());
            assertEquals(false, ready.json().get("ready").asBoolean());
            assertEquals(200, live.status());
        } finally {
            server.close();
        }
    }

    /** One raw HTTP exchange, so a request no well-behaved client would send can be sent. */
    private static String raw(String request) throws Exception {
        try (Socket s = new Socket("127.0.0.1", api.server.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
            InputStream in = s.getInputStream();
            ByteArrayOutputStream got = new ByteArrayOutputStream();
            byte[] buf = new byte[8192];
            long deadline = System.currentTimeMillis() + 10_000;
            int n;
            try {
                while (System.currentTimeMillis() < deadline && (n = in.read(buf)) > 0) {
                    got.write(buf, 0, n);
                    if (got.toString(StandardCharsets.ISO_8859_1).contains("}")) {
                        break;
                    }
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException e) {
                // the server may close after answering
            }
            return got.toString(StandardCharsets.ISO_8859_1);
        }
    }
}
