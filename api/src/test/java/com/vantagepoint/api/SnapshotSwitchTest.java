package com.vantagepoint.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Publishing a new run while requests are in flight: every response comes whole from one run. */
class SnapshotSwitchTest {

    @Test
    void requestsInFlightSeeOneRunOrTheOtherNeverAMixOrAnError() throws Exception {
        Path wh = Files.createTempDirectory("vp-switch").resolve("wh");
        String run1 = SyntheticWarehouse.publish(wh, 300, 2, "2026-11-01", 11);
        Map<String, Long> critical = new ConcurrentHashMap<>();
        critical.put(run1, Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE WHERE risk_tier = 'critical'"));
        try (ApiFixture api = ApiFixture.start(wh, Map.of("api.refresh-seconds", 3600))) {
            String token = api.token("analyst1");
            AtomicBoolean stop = new AtomicBoolean();
            List<String> problems = new CopyOnWriteArrayList<>();
            Set<String> seen = ConcurrentHashMap.newKeySet();
            AtomicInteger responses = new AtomicInteger();
            ExecutorService pool = Executors.newFixedThreadPool(4);
            List<Future<?>> workers = new java.util.ArrayList<>();
            for (int w = 0; w < 4; w++) {
                final int worker = w;
                workers.add(pool.submit(() -> {
                    while (!stop.get()) {
                        try {
                            if (worker % 2 == 0) {
                                ApiFixture.Resp r = api.get("/api/dashboard?risk_tier=critical&sort=health_score&limit=20", token);
                                if (r.status() != 200) {
                                    problems.add("status " + r.status() + ": " + r.body());
                                    continue;
                                }
                                String run = r.json().get("summary").get("run_id").asText();
                                seen.add(run);
                                for (JsonNode a : r.json().get("page").get("accounts")) {
                                    if (!run.equals(a.get("run_id").asText())) {
                                        problems.add("mixed runs in one response: " + run + " / " + a.get("run_id").asText());
                                    }
                                }
                                Long expected = critical.get(run);
                                if (expected != null && expected != r.json().get("page").get("total_matching").asLong()) {
                                    problems.add("counts of " + run + " do not match its mart");
                                }
                            } else {
                                ApiFixture.Resp r = api.get("/api/accounts/ACC-0001/transcripts", token);
                                if (r.status() != 200) {
                                    problems.add("status " + r.status() + ": " + r.body());
                                    continue;
                                }
                                String run = r.json().get("run_id").asText();
                                for (JsonNode t : r.json().get("transcripts")) {
                                    if (!run.equals(t.get("run_id") == null ? run : t.get("run_id").asText())) {
                                        problems.add("transcripts of another run");
                                    }
                                }
                            }
                            responses.incrementAndGet();
                        } catch (Exception e) {
                            problems.add(e.toString());
                        }
                    }
                }));
            }
            while (responses.get() < 50) {
                Thread.onSpinWait();
            }
            String run2 = SyntheticWarehouse.publish(wh, 300, 2, "2026-11-08", 12);
            critical.put(run2, Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE WHERE risk_tier = 'critical'"));
            assertTrue(api.server.holder().refresh(), "the new run is picked up");
            int after = responses.get();
            while (responses.get() < after + 100) {
                Thread.onSpinWait();
            }
            stop.set(true);
            for (Future<?> f : workers) {
                f.get();
            }
            pool.shutdown();
            assertTrue(problems.isEmpty(), problems.toString());
            assertEquals(Set.of(run1, run2), seen);
            assertEquals(run2, api.get("/api/health", null).json().get("run_id").asText());
        }
    }

    @Test
    void serverWithoutAPublishedRunAnswersUnavailableThenPicksTheRunUp() throws Exception {
        Path wh = Files.createTempDirectory("vp-empty").resolve("wh");
        try (ApiFixture api = ApiFixture.start(wh, Map.of("api.refresh-seconds", 3600))) {
            String token = api.token("viewer1");
            assertEquals("no_data", api.get("/api/health", null).json().get("status").asText());
            ApiFixture.Resp r = api.get("/api/dashboard", token);
            assertEquals(503, r.status());
            assertEquals("unavailable", r.error());
            SyntheticWarehouse.publish(wh, 50, 1, "2026-11-01", 3);
            assertTrue(api.server.holder().refresh());
            assertEquals(200, api.get("/api/dashboard", token).status());
        }
    }

    @Test
    void aBrokenPointerKeepsServingTheOldRun() throws Exception {
        Path wh = Files.createTempDirectory("vp-broken").resolve("wh");
        String run1 = SyntheticWarehouse.publish(wh, 50, 1, "2026-11-01", 5);
        try (ApiFixture api = ApiFixture.start(wh, Map.of("api.refresh-seconds", 3600))) {
            Files.writeString(wh.resolve("current"), "runs/does-not-exist.duckdb");
            assertTrue(!api.server.holder().refresh());
            assertEquals(run1, api.get("/api/health", null).json().get("run_id").asText());
            assertEquals(200, api.get("/api/dashboard", api.token("viewer1")).status());
        }
    }
}
