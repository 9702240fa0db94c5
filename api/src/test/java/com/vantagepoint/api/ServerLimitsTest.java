package com.vantagepoint.api;

import com.vantagepoint.scoring.config.Settings;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Per-user question rate limit, body size limit, the CORS allow-list and the bounded thread pool. */
class ServerLimitsTest {
    static ApiFixture api;

    @BeforeAll
    static void start() throws Exception {
        api = ApiFixture.start(TestWarehouse.get(), Map.of(
                "api.rag.requests-per-minute", 2,
                "api.max-body-bytes", 2048,
                "api.cors-origins", List.of("https://dash.example.com")));
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    @Test
    void questionsAreRateLimitedPerUser() throws Exception {
        String token = api.token("analyst1");
        String body = "{\"query\":\"how many healthy accounts?\"}";
        assertEquals(200, api.post("/api/rag", token, body).status());
        assertEquals(200, api.post("/api/rag", token, body).status());
        ApiFixture.Resp third = api.post("/api/rag", token, body);
        assertEquals(429, third.status());
        assertEquals("rate_limited", third.error());
        assertTrue(third.headers().firstValue("Retry-After").isPresent());
    }

    @Test
    void oversizedBodyIsRefused() throws Exception {
        ApiFixture.Resp r = api.post("/api/login", null, "{\"username\":\"" + "x".repeat(5000) + "\",\"password\":\"y\"}");
        assertEquals(413, r.status(), r.body());
        assertEquals("payload_too_large", r.error());
    }

    @Test
    void oversizedChunkedBodyIsRefusedToo() throws Exception {
        byte[] big = ("{\"username\":\"" + "y".repeat(10_000) + "\",\"password\":\"x\"}").getBytes();
        HttpRequest req = HttpRequest.newBuilder(URI.create(api.base() + "/api/login")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(big))).build();
        ApiFixture.Resp r = api.send(req);
        assertEquals(413, r.status(), r.body());
        assertEquals("payload_too_large", r.error());
    }

    @Test
    void corsAllowsOnlyListedOrigins() throws Exception {
        ApiFixture.Resp ok = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/health"))
                .header("Origin", "https://dash.example.com").GET().build());
        assertEquals("https://dash.example.com", ok.headers().firstValue("Access-Control-Allow-Origin").orElse(null));
        ApiFixture.Resp other = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/health"))
                .header("Origin", "https://evil.example.net").GET().build());
        assertFalse(other.headers().firstValue("Access-Control-Allow-Origin").isPresent());
        ApiFixture.Resp preflight = api.send(HttpRequest.newBuilder(URI.create(api.base() + "/api/dashboard"))
                .header("Origin", "https://dash.example.com").header("Access-Control-Request-Method", "GET")
                .header("Access-Control-Request-Headers", "authorization")
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertEquals(200, preflight.status());
        assertTrue(preflight.headers().firstValue("Access-Control-Allow-Headers").orElse("").toLowerCase().contains("authorization"));
    }

    @Test
    void requestsBeyondTheThreadPoolQueueInsteadOfFailing() throws Exception {
        try (ApiFixture small = ApiFixture.start(TestWarehouse.get(), Map.of("api.threads", 4))) {
            String token = small.token("viewer1");
            List<Future<Integer>> statuses = new ArrayList<>();
            ExecutorService clients = Executors.newFixedThreadPool(16);
            try {
                for (int i = 0; i < 64; i++) {
                    statuses.add(clients.submit(() -> small.get("/api/dashboard?sort=annual_revenue&limit=100", token).status()));
                }
                for (Future<Integer> status : statuses) {
                    assertEquals(200, status.get());
                }
            } finally {
                clients.shutdownNow();
            }
        }
    }

    @Test
    void aThreadPoolTooSmallForJettyIsRefusedWithTheKeyNamed() {
        Settings.InvalidSetting e = assertThrows(Settings.InvalidSetting.class,
                () -> ApiFixture.settings(Path.of("/tmp"), TestWarehouse.get(), Map.of("api.threads", 2)));
        assertEquals("api.threads", e.key());
        assertEquals("must be at least 4, got 2", e.problem());
    }
}
