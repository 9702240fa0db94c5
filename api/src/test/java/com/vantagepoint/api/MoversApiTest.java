package com.vantagepoint.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.ScoreChangeReasons;
import com.vantagepoint.scoring.health.Signal;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** GET /api/movers and GET /api/backtest over the test warehouse, and over one published before either existed. */
class MoversApiTest {
    static Path wh;
    static ApiFixture api;
    static String viewer;

    @BeforeAll
    static void start() throws Exception {
        wh = TestWarehouse.get();
        api = ApiFixture.start(wh);
        viewer = api.token("viewer1");
    }

    @AfterAll
    static void stop() {
        api.close();
    }

    private static long movers(int window, String sign) throws Exception {
        return Marts.count(wh, "SELECT count(*) FROM ACCOUNT_SCORE_CHANGES WHERE window_days = " + window + " AND score_change " + sign + " 0");
    }

    /** The mart row of one account's change, as the reason composer takes it. */
    private static ScoreChangeReasons.Change martChange(String account, int window) throws Exception {
        StringBuilder cols = new StringBuilder("score_change, negative_interaction_count, top_complaint_category");
        for (Signal s : Signal.values()) {
            cols.append(", ").append(s.pointsChangeColumn()).append(", ").append(s.metricColumn()).append(", ").append(s.metricBeforeColumn());
        }
        List<Object> r = Marts.query(wh, "SELECT " + cols + " FROM ACCOUNT_SCORE_CHANGES WHERE account_id = '" + account
                + "' AND window_days = " + window).get(0);
        List<ScoreChangeReasons.SignalChange> signals = new ArrayList<>();
        for (Signal s : Signal.values()) {
            int at = 3 + 3 * s.ordinal();
            signals.add(new ScoreChangeReasons.SignalChange(s, ((Number) r.get(at)).doubleValue(), number(r.get(at + 1)), number(r.get(at + 2))));
        }
        return new ScoreChangeReasons.Change(((Number) r.get(0)).doubleValue(), signals, ((Number) r.get(1)).longValue(), (String) r.get(2));
    }

    private static Double number(Object o) {
        return o == null ? null : ((Number) o).doubleValue();
    }

    @Test
    void biggestDropsOfTheWeekComeFirstEachWithItsReason() throws Exception {
        ApiFixture.Resp r = api.get("/api/movers", viewer);
        assertEquals(200, r.status(), r.body());
        JsonNode body = r.json();
        assertEquals("7d", body.get("window").asText());
        assertEquals("down", body.get("direction").asText());
        assertEquals(TestWarehouse.AS_OF, body.get("as_of_date").asText());
        JsonNode list = body.get("movers");
        long drops = movers(7, "<");
        assertTrue(drops > 0, "the test warehouse has accounts whose score fell");
        assertEquals(Math.min(10, drops), list.size(), "ten by default");
        assertTrue(body.get("note").isNull());
        String biggest = Marts.string(wh, "SELECT account_id FROM ACCOUNT_SCORE_CHANGES WHERE window_days = 7 "
                + "AND score_change IS NOT NULL ORDER BY score_change, account_id LIMIT 1");
        assertEquals(biggest, list.get(0).get("account_id").asText());
        double previous = Double.NEGATIVE_INFINITY;
        for (JsonNode m : list) {
            double change = m.get("change").asDouble();
            assertTrue(change < 0 && change >= previous, "most negative first: " + previous + " then " + change);
            previous = change;
            assertEquals(m.get("score").asDouble() - m.get("score_before").asDouble(), change, 0.051);
            assertEquals(6, m.get("signals").size());
            double sum = 0;
            for (JsonNode s : m.get("signals")) {
                sum += s.get("points_delta").asDouble();
            }
            assertEquals(change, sum, 0.15, "the signals' deltas add up to the change: " + m);
            assertTrue(m.get("reason").asText().startsWith("\u2212"), m.get("reason").asText());
        }
        ScoreChangeReasons reasons = ScoreChangeReasons.fromConfig(VantageConfig.defaults());
        assertEquals(reasons.sentence(martChange(biggest, 7)), list.get(0).get("reason").asText());
        assertTrue(list.get(0).get("reason").asText().contains(": "), "the biggest drop names the signals behind it");
    }

    @Test
    void upListsTheBiggestRisesFirst() throws Exception {
        JsonNode list = api.get("/api/movers?direction=up&limit=100", viewer).json().get("movers");
        assertEquals(Math.min(100, movers(7, ">")), list.size());
        double previous = Double.POSITIVE_INFINITY;
        for (JsonNode m : list) {
            double change = m.get("change").asDouble();
            assertTrue(change > 0 && change <= previous, previous + " then " + change);
            previous = change;
            assertTrue(m.get("reason").asText().startsWith("+"), m.get("reason").asText());
        }
        assertEquals(Marts.string(wh, "SELECT max(score_change) FROM ACCOUNT_SCORE_CHANGES WHERE window_days = 7"),
                list.get(0).get("change").asText());
    }

    @Test
    void theFourWeekWindowComparesWithFourWeeksBefore() throws Exception {
        JsonNode body = api.get("/api/movers?window=28d&limit=3", viewer).json();
        assertEquals("28d", body.get("window").asText());
        assertEquals(Math.min(3, movers(28, "<")), body.get("movers").size());
        String before = LocalDate.parse(TestWarehouse.AS_OF).minusDays(28).toString();
        for (JsonNode m : body.get("movers")) {
            assertEquals(before, m.get("as_of_date_before").asText());
            String account = m.get("account_id").asText();
            assertEquals(Marts.string(wh, "SELECT health_score FROM ACCOUNT_HEALTH_HISTORY WHERE account_id = '" + account
                    + "' AND as_of_date = DATE '" + before + "'"), m.get("score_before").asText());
            JsonNode recency = m.get("signals").get(Signal.RECENCY.ordinal());
            assertEquals(Signal.RECENCY.key(), recency.get("signal").asText());
            Object days = Marts.query(wh, "SELECT days_since_last_active FROM ACCOUNT_HEALTH_HISTORY WHERE account_id = '"
                    + account + "' AND as_of_date = DATE '" + before + "'").get(0).get(0);
            if (days == null) {
                assertTrue(recency.get("value_before").isNull());
            } else {
                assertEquals(((Number) days).doubleValue(), recency.get("value_before").asDouble());
            }
        }
    }

    @Test
    void theLimitIsBoundedByConfiguration() throws Exception {
        assertEquals(1, api.get("/api/movers?limit=1", viewer).json().get("movers").size());
        assertEquals(Math.min(100, movers(7, "<")), api.get("/api/movers?limit=100", viewer).json().get("movers").size());
        for (String limit : List.of("0", "101", "-3")) {
            ApiFixture.Resp r = api.get("/api/movers?limit=" + limit, viewer);
            assertEquals(400, r.status(), limit);
            assertTrue(r.json().get("detail").asText().contains("between 1 and 100"), r.body());
        }
        try (ApiFixture small = ApiFixture.start(wh, Map.of("api.movers.max-limit", 5, "api.movers.default-limit", 3))) {
            String token = small.token("viewer1");
            assertEquals(Math.min(3, movers(7, "<")), small.get("/api/movers", token).json().get("movers").size());
            assertEquals(400, small.get("/api/movers?limit=6", token).status());
            JsonNode limit = null;
            for (JsonNode p : small.get("/openapi.json", null).json().at("/paths/~1api~1movers/get/parameters")) {
                if (p.get("name").asText().equals("limit")) {
                    limit = p.get("schema");
                }
            }
            assertEquals(5, limit.get("maximum").asInt(), "the document states the configured bound");
            assertEquals(3, limit.get("default").asInt());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"window=14d", "window=7", "direction=sideways", "limit=abc", "limit=2.5", "color=blue"})
    void rejectsBadParametersWithTheReason(String query) throws Exception {
        ApiFixture.Resp r = api.get("/api/movers?" + query, viewer);
        assertEquals(400, r.status(), r.body());
        assertEquals("bad_request", r.error());
        assertTrue(r.json().get("detail").asText().contains(query.substring(0, query.indexOf('='))), r.body());
    }

    @Test
    void bothNeedASignedInUser() throws Exception {
        assertEquals(401, api.get("/api/movers", null).status());
        assertEquals(401, api.get("/api/backtest", null).status());
    }

    @Test
    void backtestServesTheLatestFiguresGroupedByFigure() throws Exception {
        ApiFixture.Resp r = api.get("/api/backtest", viewer);
        assertEquals(200, r.status(), r.body());
        JsonNode b = r.json();
        assertEquals(Marts.string(wh, "SELECT backtest_id FROM SCORE_BACKTEST ORDER BY computed_at DESC LIMIT 1"), b.get("backtest_id").asText());
        assertEquals(Marts.string(wh, "SELECT max(horizon_days) FROM SCORE_BACKTEST"), b.get("horizon_days").asText());
        JsonNode figures = b.get("figures");
        for (List<Object> row : Marts.query(wh, "SELECT figure, count(*) FROM SCORE_BACKTEST GROUP BY 1")) {
            assertEquals(((Number) row.get(1)).intValue(), figures.get((String) row.get(0)).size(), (String) row.get(0));
        }
        JsonNode auc = figures.get("score_auc").get(0);
        List<Object> mart = Marts.query(wh, "SELECT value, ci_low, ci_high, accounts, churn_events, enough_data FROM SCORE_BACKTEST "
                + "WHERE figure = 'score_auc'").get(0);
        assertEquals(((Number) mart.get(0)).doubleValue(), auc.get("value").asDouble());
        assertEquals(((Number) mart.get(1)).doubleValue(), auc.get("ci_low").asDouble());
        assertEquals(((Number) mart.get(2)).doubleValue(), auc.get("ci_high").asDouble());
        assertEquals(((Number) mart.get(3)).longValue(), auc.get("accounts").asLong());
        assertEquals(((Number) mart.get(4)).longValue(), auc.get("churn_events").asLong());
        assertEquals(mart.get(5), b.get("enough_data").asBoolean());
        List<String> tiers = new ArrayList<>();
        figures.get("tier_churn_rate").forEach(t -> tiers.add(t.get("item").asText()));
        assertEquals(List.of("healthy", "at_risk", "critical"), tiers, "tiers in triage order");
        List<String> signals = new ArrayList<>();
        figures.get("signal_auc").forEach(s -> signals.add(s.get("item").asText()));
        assertEquals(java.util.Arrays.stream(Signal.values()).map(Signal::key).toList(), signals, "signals in score order");
        double previousBand = -1;
        for (JsonNode band : figures.get("calibration")) {
            double from = Double.parseDouble(band.get("item").asText().split("-")[0]);
            assertTrue(from > previousBand, "bands in score order");
            previousBand = from;
        }
        for (JsonNode w : figures.get("suggested_weight")) {
            assertFalse(w.get("configured_weight").isNull());
            assertFalse(w.get("suggested_weight").isNull());
        }
    }

    @Test
    void aHistoryShorterThanTheWindowHasNoMoversAndSaysWhy() throws Exception {
        Path shortHistory = Files.createTempDirectory("vp-short-wh");
        SyntheticWarehouse.publish(shortHistory, 40, 1, TestWarehouse.AS_OF, 5);
        try (ApiFixture oneWeek = ApiFixture.start(shortHistory)) {
            String token = oneWeek.token("viewer1");
            JsonNode fourWeeks = oneWeek.get("/api/movers?window=28d", token).json();
            assertEquals(0, fourWeeks.get("movers").size());
            assertTrue(fourWeeks.get("note").asText().contains("shorter than the window"), fourWeeks.toString());
            assertFalse(oneWeek.get("/api/movers?window=7d&direction=up&limit=100", token).json().get("movers").isEmpty());
        }
    }

    @Test
    void aWarehousePublishedBeforeScoreChangesAndBacktestsStillServes() throws Exception {
        Path old = Files.createTempDirectory("vp-old-wh");
        SyntheticWarehouse.publish(old, 40, 2, TestWarehouse.AS_OF, 3, false);
        try (ApiFixture before = ApiFixture.start(old)) {
            String token = before.token("viewer1");
            ApiFixture.Resp movers = before.get("/api/movers", token);
            assertEquals(200, movers.status(), movers.body());
            assertEquals(0, movers.json().get("movers").size());
            assertTrue(movers.json().get("note").asText().contains("ACCOUNT_SCORE_CHANGES"), movers.body());
            assertEquals(TestWarehouse.AS_OF, movers.json().get("as_of_date").asText());
            ApiFixture.Resp backtest = before.get("/api/backtest", token);
            assertEquals(200, backtest.status(), backtest.body());
            assertNull(backtest.json().get("backtest_id").textValue());
            assertFalse(backtest.json().get("enough_data").asBoolean());
            assertTrue(backtest.json().get("note").asText().contains("no backtest has run"), backtest.body());
            backtest.json().get("figures").forEach(f -> assertEquals(0, f.size()));
            assertEquals(200, before.get("/api/dashboard", token).status());
        }
    }
}
