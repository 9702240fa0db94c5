package com.vantagepoint.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.vantagepoint.scoring.health.Signal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DashboardApiTest {
    static Path wh;
    static ApiFixture api;
    static String viewer;
    static String analyst;

    @BeforeAll
    static void start() throws Exception {
        wh = TestWarehouse.get();
        api = ApiFixture.start(wh);
        viewer = api.token("viewer1");
        analyst = api.token("analyst1");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Test
    void healthIsPublicAndNamesTheServedRun() throws Exception {
        ApiFixture.Resp r = api.get("/api/health", null);
        assertEquals(200, r.status());
        assertEquals("ok", r.json().get("status").asText());
        assertEquals(Marts.string(wh, "SELECT max(run_id) FROM ACCOUNT_HEALTH_SCORE"), r.json().get("run_id").asText());
        assertEquals("local", r.json().path("auth").path("mode").asText());
    }

    @Test
    void summaryMatchesTheMart() throws Exception {
        JsonNode s = api.get("/api/dashboard", viewer).json().get("summary");
        assertEquals(Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE"), s.get("total").asLong());
        for (String tier : List.of("healthy", "at_risk", "critical", "churned")) {
            assertEquals(Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE WHERE risk_tier = '" + tier + "'"),
                    s.get("counts").get(tier).asLong(), tier);
        }
        long binned = 0;
        for (JsonNode bin : s.get("histogram")) {
            binned += bin.get("count").asLong();
        }
        assertEquals(10, s.get("histogram").size());
        assertEquals(s.get("total").asLong(), binned);
        assertEquals(Marts.count(wh, "SELECT count(DISTINCT as_of_date) FROM ACCOUNT_HEALTH_HISTORY"), s.get("trend").size());
        assertEquals(TestWarehouse.AS_OF, s.get("as_of_date").asText());
        assertEquals(Marts.string(wh, "SELECT max(run_id) FROM ACCOUNT_HEALTH_SCORE"), s.get("run_id").asText());
        assertTrue(s.get("run_finished_at").asText().endsWith("Z"), s.toString());
        assertTrue(s.get("stale").asBoolean(), "an as-of date weeks ago is stale");
        assertTrue(s.get("data_age_hours").asDouble() > 36);
    }

    @Test
    void filtersByRiskTier() throws Exception {
        JsonNode page = api.get("/api/dashboard?risk_tier=critical&limit=1000", viewer).json().get("page");
        long expected = Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE WHERE risk_tier = 'critical'");
        assertTrue(expected > 0);
        assertEquals(expected, page.get("total_matching").asLong());
        assertEquals(expected, page.get("accounts").size());
        page.get("accounts").forEach(a -> assertEquals("critical", a.get("risk_tier").asText()));
    }

    @Test
    void filtersByIndustryCaseInsensitivelyAndCombinesFilters() throws Exception {
        String industry = Marts.string(wh, "SELECT industry FROM ACCOUNT_HEALTH_SCORE GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
        JsonNode page = api.get("/api/dashboard?limit=1000&industry=" + enc(industry.toUpperCase(Locale.ROOT)), viewer).json().get("page");
        assertEquals(Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE WHERE industry = '" + industry + "'"),
                page.get("total_matching").asLong());
        page.get("accounts").forEach(a -> assertEquals(industry, a.get("industry").asText()));
        JsonNode both = api.get("/api/dashboard?limit=1000&risk_tier=at_risk&industry=" + enc(industry), viewer).json().get("page");
        assertEquals(Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE WHERE industry = '" + industry
                + "' AND risk_tier = 'at_risk'"), both.get("total_matching").asLong());
    }

    @Test
    void searchesAccountIdsBySubstringIgnoringCase() throws Exception {
        String id = Marts.string(wh, "SELECT account_id FROM ACCOUNT_HEALTH_SCORE ORDER BY account_id LIMIT 1 OFFSET 17");
        String needle = id.substring(id.length() - 3).toLowerCase(Locale.ROOT);
        JsonNode page = api.get("/api/dashboard?limit=1000&q=" + enc(needle), viewer).json().get("page");
        assertEquals(Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE WHERE account_id ILIKE '%" + needle + "%'"),
                page.get("total_matching").asLong());
        List<String> ids = new ArrayList<>();
        page.get("accounts").forEach(a -> ids.add(a.get("account_id").asText()));
        assertTrue(ids.contains(id));
        ids.forEach(i -> assertTrue(i.toLowerCase(Locale.ROOT).contains(needle)));
        JsonNode withTier = api.get("/api/dashboard?limit=1000&risk_tier=healthy&sort=annual_revenue&order=desc&q=" + enc("C-0"), viewer).json().get("page");
        assertEquals(Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE WHERE account_id ILIKE '%c-0%' AND risk_tier = 'healthy'"),
                withTier.get("total_matching").asLong());
        withTier.get("accounts").forEach(a -> assertEquals("healthy", a.get("risk_tier").asText()));
        JsonNode exact = api.get("/api/dashboard?q=" + enc(id.toLowerCase(Locale.ROOT)), viewer).json().get("page");
        assertEquals(id, exact.get("accounts").get(0).get("account_id").asText());
    }

    @ParameterizedTest
    @ValueSource(strings = {"health_score", "annual_revenue", "account_id", "days_since_last_active", "is_churned", "tenure_days",
            "avg_sentiment", "subscription_start_date", "last_active_at", "industry"})
    void sortsByAnyColumnInBothOrders(String column) throws Exception {
        for (String order : List.of("asc", "desc")) {
            JsonNode accounts = api.get("/api/dashboard?limit=1000&sort=" + column + "&order=" + order, viewer).json()
                    .get("page").get("accounts");
            assertEquals(Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE"), accounts.size());
            boolean seenNull = false;
            JsonNode prev = null;
            for (JsonNode a : accounts) {
                JsonNode v = a.get(column);
                if (v.isNull()) {
                    seenNull = true;
                    continue;
                }
                assertFalse(seenNull, "nulls sort last (" + column + " " + order + ")");
                if (prev != null) {
                    int cmp = v.isNumber() ? Double.compare(prev.asDouble(), v.asDouble())
                            : v.isBoolean() ? Boolean.compare(prev.asBoolean(), v.asBoolean()) : prev.asText().compareTo(v.asText());
                    assertTrue(order.equals("asc") ? cmp <= 0 : cmp >= 0, column + " " + order + ": " + prev + " then " + v);
                }
                prev = v;
            }
        }
    }

    @Test
    void pagesAreConsecutiveSlicesOfOneOrder() throws Exception {
        String base = "/api/dashboard?sort=health_score&order=desc";
        JsonNode all = api.get(base + "&limit=30", viewer).json().get("page");
        JsonNode p1 = api.get(base + "&limit=10&offset=10", viewer).json().get("page");
        assertEquals(10, p1.get("limit").asInt());
        assertEquals(10, p1.get("offset").asInt());
        for (int i = 0; i < 10; i++) {
            assertEquals(all.get("accounts").get(10 + i).get("account_id"), p1.get("accounts").get(i).get("account_id"));
        }
        JsonNode beyond = api.get(base + "&offset=100000", viewer).json().get("page");
        assertEquals(0, beyond.get("accounts").size());
        assertEquals(all.get("total_matching"), beyond.get("total_matching"));
        JsonNode deflt = api.get("/api/dashboard", viewer).json().get("page");
        assertEquals(50, deflt.get("limit").asInt());
        assertEquals(Math.min(50, deflt.get("total_matching").asInt()), deflt.get("accounts").size());
    }

    @Test
    void filteredPagesAreSlicesOfTheFilteredOrder() throws Exception {
        String base = "/api/dashboard?risk_tier=at_risk&sort=avg_sentiment&order=desc";
        JsonNode all = api.get(base + "&limit=1000", viewer).json().get("page");
        int total = all.get("total_matching").asInt();
        assertTrue(total > 12);
        JsonNode p = api.get(base + "&limit=5&offset=7", viewer).json().get("page");
        assertEquals(total, p.get("total_matching").asInt());
        for (int i = 0; i < 5; i++) {
            assertEquals(all.get("accounts").get(7 + i).get("account_id"), p.get("accounts").get(i).get("account_id"));
        }
        JsonNode tail = api.get(base + "&limit=50&offset=" + (total - 2), viewer).json().get("page");
        assertEquals(2, tail.get("accounts").size());
    }

    @ParameterizedTest
    @ValueSource(strings = {"limit=0", "limit=1001", "limit=abc", "offset=-1", "offset=x", "sort=nope", "order=up",
            "risk_tier=bad", "industry=Nowhere", "color=blue", "q=" + "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa"})
    void rejectsBadParametersWithTheReason(String query) throws Exception {
        ApiFixture.Resp r = api.get("/api/dashboard?" + query, viewer);
        assertEquals(400, r.status(), r.body());
        assertEquals("bad_request", r.error());
        String param = query.substring(0, query.indexOf('='));
        assertTrue(r.json().get("detail").asText().contains(param), r.body());
    }

    @Test
    void accountDetailExplainsTheScore() throws Exception {
        String id = Marts.string(wh, "SELECT account_id FROM ACCOUNT_HEALTH_SCORE WHERE risk_tier = 'critical' ORDER BY account_id LIMIT 1");
        JsonNode d = api.get("/api/accounts/" + id, viewer).json();
        assertEquals(id, d.get("account").get("account_id").asText());
        assertEquals(6, d.get("breakdown").size());
        double sum = 0;
        Set<String> signals = new HashSet<>();
        for (JsonNode card : d.get("breakdown")) {
            signals.add(card.get("signal").asText());
            assertTrue(card.get("points").asDouble() <= card.get("max_points").asDouble());
            sum += card.get("points").asDouble();
        }
        assertEquals(Set.of("sessions", "features", "errors", "recency", "sentiment", "support"), signals);
        assertEquals(d.get("account").get("health_score").asDouble(), sum, 0.06);
        assertEquals(Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_HISTORY WHERE account_id = '" + id + "'"),
                d.get("history").size());
        if (Marts.count(wh, "SELECT count(*) FROM information_schema.tables WHERE table_name = 'ACCOUNT_INSIGHTS'") > 0) {
            assertFalse(d.get("insights").get("recommendation").asText().isBlank());
            assertFalse(d.get("insights").get("transcript_summary").asText().isBlank());
        }
    }

    @Test
    void accountHistorySplitsEachScoreBySignal() throws Exception {
        String id = Marts.string(wh, "SELECT account_id FROM ACCOUNT_HEALTH_SCORE ORDER BY account_id LIMIT 1 OFFSET 3");
        JsonNode history = api.get("/api/accounts/" + id, viewer).json().get("history");
        assertTrue(history.size() > 1);
        for (JsonNode point : history) {
            double sum = 0;
            for (Signal s : Signal.values()) {
                assertEquals(Marts.string(wh, "SELECT " + s.pointsColumn() + " FROM ACCOUNT_HEALTH_HISTORY WHERE account_id = '" + id
                        + "' AND as_of_date = DATE '" + point.get("as_of_date").asText() + "'"), point.get(s.pointsColumn()).asText());
                sum += point.get(s.pointsColumn()).asDouble();
            }
            assertEquals(point.get("health_score").asDouble(), sum, 0.06, "the stacked points make the score");
        }
    }

    @Test
    void unknownAccountIsNotFound() throws Exception {
        for (String path : List.of("/api/accounts/NOPE-1", "/api/accounts/NOPE-1/transcripts", "/api/account/NOPE-1/transcripts")) {
            ApiFixture.Resp r = api.get(path, analyst);
            assertEquals(404, r.status(), path);
            assertEquals("not_found", r.error());
            assertTrue(r.json().get("detail").asText().contains("NOPE-1"));
        }
    }

    @Test
    void unknownPathIsJsonNotFound() throws Exception {
        ApiFixture.Resp r = api.get("/api/nothing-here", viewer);
        assertEquals(404, r.status());
        assertEquals("not_found", r.error());
    }

    @Test
    void analystReadsTranscriptsNewestFirstOnBothPaths() throws Exception {
        String id = Marts.string(wh, "SELECT account_id FROM INTERACTION_TRANSCRIPTS_ENRICHED GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
        long expected = Marts.count(wh, "SELECT count(*) FROM INTERACTION_TRANSCRIPTS_ENRICHED WHERE account_id = '" + id + "'");
        for (String path : List.of("/api/accounts/" + id + "/transcripts", "/api/account/" + id + "/transcripts")) {
            JsonNode t = api.get(path, analyst).json().get("transcripts");
            assertEquals(expected, t.size());
            for (int i = 1; i < t.size(); i++) {
                assertTrue(t.get(i - 1).get("timestamp").asText().compareTo(t.get(i).get("timestamp").asText()) >= 0);
            }
            assertFalse(t.get(0).get("transcript_body").asText().isBlank());
            assertTrue(t.get(0).has("sentiment_score") && t.get(0).has("complaint_category"));
            assertTrue(t.get(0).get("timestamp").asText().endsWith("Z"));
        }
    }

    @Test
    void viewerMayNotReadTranscriptsOrAskQuestions() throws Exception {
        String id = Marts.string(wh, "SELECT min(account_id) FROM ACCOUNT_HEALTH_SCORE");
        assertEquals(403, api.get("/api/accounts/" + id + "/transcripts", viewer).status());
        assertEquals(403, api.get("/api/account/" + id + "/transcripts", viewer).status());
        ApiFixture.Resp r = api.post("/api/rag", viewer, "{\"query\":\"how many accounts are critical?\"}");
        assertEquals(403, r.status());
        assertEquals("forbidden", r.error());
    }

    @Test
    void missingOrGarbageTokenIsUnauthorized() throws Exception {
        ApiFixture.Resp r = api.get("/api/dashboard", null);
        assertEquals(401, r.status());
        assertEquals("unauthorized", r.error());
        assertTrue(r.headers().firstValue("WWW-Authenticate").isPresent());
        assertEquals(401, api.get("/api/dashboard", "not.a.jwt").status());
        assertEquals(401, api.post("/api/rag", null, "{\"query\":\"x\"}").status());
    }

    @Test
    void ragAnswersFromTheSliceTheQuestionIsAbout() throws Exception {
        String industry = Marts.string(wh, "SELECT industry FROM ACCOUNT_HEALTH_SCORE GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1");
        ApiFixture.Resp r = api.post("/api/rag", analyst,
                "{\"query\":\"Which " + industry + " accounts are at risk, and what are they complaining about?\"}");
        assertEquals(200, r.status(), r.body());
        JsonNode facts = r.json().get("facts");
        assertEquals(industry, facts.get("scope").get("industry").asText());
        assertEquals("at_risk", facts.get("scope").get("risk_tier").asText());
        long expected = Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE WHERE industry = '" + industry + "' AND risk_tier = 'at_risk'");
        assertEquals(expected, facts.get("matching").asLong());
        String answer = r.json().get("answer").asText();
        assertTrue(r.json().get("matched").asBoolean(), answer);
        assertTrue(answer.contains(industry), answer);
        assertTrue(answer.contains(TestWarehouse.AS_OF), "the answer names its run: " + answer);
        // grounded: every cited figure is one of the computed facts and appears in the answer as rendered
        List<String> figures = new ArrayList<>();
        facts.get("figures").forEach(x -> figures.add(x.get("text").asText()));
        assertTrue(figures.contains("at-risk " + industry + " accounts: " + expected + " of " + facts.get("total").asLong()
                + " (" + new java.math.BigDecimal(100.0 * expected / facts.get("total").asLong()).setScale(1, java.math.RoundingMode.HALF_UP)
                .stripTrailingZeros().toPlainString() + "%)"), figures.toString());
        assertTrue(r.json().get("cited").size() > 0);
        for (JsonNode c : r.json().get("cited")) {
            assertTrue(figures.contains(c.get("text").asText()), c.toString());
            assertTrue(answer.toLowerCase(Locale.ROOT).contains(c.get("text").asText().toLowerCase(Locale.ROOT)), answer);
        }
        if (expected > 0) {
            assertTrue(answer.contains("top complaint is " + facts.get("top_complaints").get(0).get("category").asText().replace('_', ' ')), answer);
        }
    }

    @Test
    void ragValidatesTheQuestion() throws Exception {
        assertEquals(400, api.post("/api/rag", analyst, "{\"query\":\"" + "x".repeat(501) + "\"}").status());
        assertEquals(400, api.post("/api/rag", analyst, "{\"query\":\"  \"}").status());
        assertEquals(400, api.post("/api/rag", analyst, "{\"query\": 5}").status());
        assertEquals(400, api.post("/api/rag", analyst, "not json").status());
    }

    @Test
    void openApiDocumentsEveryRegisteredRoute() throws Exception {
        JsonNode doc = api.get("/openapi.json", null).json();
        assertTrue(doc.get("openapi").asText().startsWith("3."));
        List<String> missing = new ArrayList<>();
        for (var route : api.server.routes()) {
            JsonNode op = doc.get("paths").path(route.path()).path(route.method().toLowerCase(Locale.ROOT));
            if (op.isMissingNode()) {
                missing.add(route.method() + " " + route.path());
            } else if (!route.roles().isEmpty()) {
                assertTrue(op.has("security") && op.get("security").size() > 0, route + " needs a security requirement");
                assertTrue(op.path("responses").has("401") && op.path("responses").has("403"), route + " documents 401/403");
            }
        }
        assertTrue(missing.isEmpty(), "undocumented routes: " + missing);
        assertTrue(api.server.routes().size() >= 9);
        assertTrue(doc.get("paths").has("/"), "the dashboard page is documented too");
    }

    @Test
    void metricsArePrometheusText() throws Exception {
        api.get("/api/dashboard?limit=1", viewer);
        ApiFixture.Resp m = api.get("/metrics", null);
        assertEquals(200, m.status());
        assertTrue(m.body().contains("http_server_requests_seconds_count{method=\"GET\",route=\"/api/dashboard\",status=\"200\"}"), m.body());
        assertTrue(m.body().contains("vantagepoint_snapshot_age_seconds"));
        assertTrue(m.body().contains("vantagepoint_data_age_hours"));
    }

    @Test
    void dashboardPageIsServedWithAStrictContentSecurityPolicy() throws Exception {
        ApiFixture.Resp r = api.get("/", null);
        assertEquals(200, r.status());
        assertTrue(r.body().contains("<script src=\"/app.js\""));
        assertFalse(r.body().replace("<script src=\"/app.js\" defer></script>", "").contains("<script"), "no inline script");
        assertFalse(r.body().contains("style=\""), "no inline styles");
        String csp = r.headers().firstValue("Content-Security-Policy").orElseThrow();
        assertTrue(csp.contains("default-src 'none'") && csp.contains("script-src 'self'"), csp);
        assertFalse(csp.contains("unsafe-inline"));
        assertEquals("nosniff", r.headers().firstValue("X-Content-Type-Options").orElse(null));
        assertEquals("DENY", r.headers().firstValue("X-Frame-Options").orElse(null));
        assertEquals(200, api.get("/app.js", null).status());
        assertEquals(200, api.get("/app.css", null).status());
        assertNotNull(api.get("/api/health", null).headers().firstValue("Cache-Control").orElse(null));
    }
}
