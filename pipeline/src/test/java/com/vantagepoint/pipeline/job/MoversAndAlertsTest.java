package com.vantagepoint.pipeline.job;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import com.vantagepoint.pipeline.CliOutcome;
import com.vantagepoint.pipeline.alerts.Alert;
import com.vantagepoint.pipeline.generate.DataGenerator;
import com.vantagepoint.pipeline.generate.GeneratorOptions;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.pipeline.warehouse.WarehouseReader;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.Signal;
import com.vantagepoint.scoring.testing.LoopbackProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Movers and alerts on generated data in a real DuckDB warehouse, with webhook receivers started here: a run with
 * four weeks of history posting to a receiver that accepts; the same date re-run with {@code --history-weeks 0}
 * posting to one that answers 500; then once more to a port nobody listens on. The later runs compare against the
 * history the first one published, and a webhook that fails costs them nothing but a recorded warning.
 */
class MoversAndAlertsTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");
    private static final HealthModel MODEL = HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring"));
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    static Path tmp;
    private static DuckDbWarehouse warehouse;
    private static Receiver accepting;
    private static Receiver failing;
    private static PipelineJob.Result first;
    private static List<String> firstChanges;
    private static PipelineJob.Result second;
    private static String secondReport;
    private static PipelineJob.Result third;
    private static String thirdReport;

    /** A webhook receiver on 127.0.0.1 answering every post with one status and keeping the bodies. */
    private static final class Receiver implements AutoCloseable {
        final HttpServer server;
        final List<String> bodies = Collections.synchronizedList(new ArrayList<>());

        Receiver(int status) throws IOException {
            server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
            server.createContext("/hook", exchange -> {
                try (InputStream in = exchange.getRequestBody()) {
                    bodies.add(new String(in.readAllBytes(), StandardCharsets.UTF_8));
                }
                exchange.sendResponseHeaders(status, -1);
                exchange.close();
            });
            server.start();
        }

        String url() {
            return "http://127.0.0.1:" + server.getAddress().getPort() + "/hook";
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }

    @BeforeAll
    static void runThreeTimes() throws IOException {
        Path raw = tmp.resolve("raw");
        DataGenerator.generate(new GeneratorOptions(raw, 150, 5_000, 400, 42, AS_OF, 0, false,
                VantageConfig.defaults().getStringList("features"), 500_000));
        warehouse = new DuckDbWarehouse(tmp.resolve("warehouse"), 2, MODEL);
        accepting = new Receiver(200);
        failing = new Receiver(500);

        first = JobFixtures.run(raw, AS_OF, 4, Map.of("alerts.webhook-url", accepting.url()), warehouse);
        firstChanges = changes();
        second = JobFixtures.run(raw, AS_OF, 0, Map.of("alerts.webhook-url", failing.url(), "alerts.attempts", 3,
                "alerts.backoff", "10ms"), warehouse);
        secondReport = JobFixtures.lastReport();
        third = JobFixtures.run(raw, AS_OF, 0, Map.of("alerts.webhook-url", closedPortUrl(), "alerts.attempts", 2,
                "alerts.backoff", "10ms", "alerts.timeout", "2s"), warehouse);
        thirdReport = JobFixtures.lastReport();
    }

    @AfterAll
    static void stopReceivers() {
        accepting.close();
        failing.close();
    }

    /** A port that was free a moment ago: nobody listens there. */
    private static String closedPortUrl() throws IOException {
        return "http://127.0.0.1:" + LoopbackProcesses.freePort() + "/hook";
    }

    /** Every ACCOUNT_SCORE_CHANGES row but its run id, sorted, as text. */
    private static List<String> changes() {
        String columns = MartCatalog.table(Tables.ACCOUNT_SCORE_CHANGES).columnNames().stream()
                .filter(c -> !c.equals(Columns.RUN_ID)).collect(Collectors.joining(", "));
        return query("SELECT " + columns + " FROM " + Tables.ACCOUNT_SCORE_CHANGES + " ORDER BY ALL");
    }

    private static List<String> query(String sql) {
        return JobFixtures.rows(warehouse, sql);
    }

    private static String delivery(PipelineJob.Result run) {
        return query("SELECT " + Columns.ALERTS + ", " + Columns.ALERT_DELIVERY + " FROM " + Tables.PIPELINE_RUNS
                + " WHERE " + Columns.RUN_ID + " = '" + run.runId() + "'").get(0);
    }

    @Test
    void everyChangeIsTheSumOfItsSignalsChangesUpToTheScoresRounding() {
        String signals = Arrays.stream(Signal.values()).map(Signal::pointsChangeColumn)
                .collect(Collectors.joining(" + "));
        List<String> perWindow = query("SELECT " + Columns.WINDOW_DAYS + ", count(*), count(" + Columns.SCORE_CHANGE
                + "), count(*) FILTER (WHERE abs(" + Columns.SCORE_CHANGE + " - (" + signals + ")) > 0.1 + 1e-9) FROM "
                + Tables.ACCOUNT_SCORE_CHANGES + " GROUP BY 1 ORDER BY 1");
        assertEquals(2, perWindow.size(), perWindow.toString());
        String scoredNow = query("SELECT count(*) FROM " + Tables.ACCOUNT_HEALTH_SCORE).get(0);
        for (String w : perWindow) {
            String[] f = w.split("\\|");
            assertEquals(scoredNow, f[1], "one row per account scored now: " + w);
            assertTrue(Long.parseLong(f[2]) > Long.parseLong(scoredNow) / 2, "most accounts have a row " + f[0] + " days before: " + w);
            assertEquals("0", f[3], "rows whose signal changes do not add up to the score change: " + w);
        }
    }

    @Test
    void oneRunPostsOnceWithTheAccountsThatEnteredCriticalOrDroppedMoreThanTheMinimum() throws IOException {
        String critical = RiskTier.CRITICAL.label();
        List<String> expected = query("SELECT " + Columns.ACCOUNT_ID + " FROM " + Tables.ACCOUNT_SCORE_CHANGES
                + " WHERE " + Columns.WINDOW_DAYS + " = " + MartCatalog.WEEK_DAYS + " AND (" + Columns.SCORE_CHANGE + " < -"
                + VantageConfig.defaults().getDouble("alerts.min-drop") + " OR ("
                + Columns.RISK_TIER + " = '" + critical + "' AND " + Columns.RISK_TIER_BEFORE + " <> '" + critical + "'))"
                + " ORDER BY 1");
        assertFalse(expected.isEmpty(), "the generated data has movers");
        assertEquals(expected, first.alerts().stream().map(Alert::accountId).sorted().toList());

        assertEquals(1, accepting.bodies.size(), "one post per run");
        JsonNode body = JSON.readTree(accepting.bodies.get(0));
        assertEquals(first.runId(), body.get(Columns.RUN_ID).asText());
        assertEquals(AS_OF.toString(), body.get(Columns.AS_OF_DATE).asText());
        List<String> posted = new ArrayList<>();
        body.get("alerts").forEach(a -> posted.add(a.get(Columns.ACCOUNT_ID).asText()));
        assertEquals(expected, posted.stream().sorted().toList());
        JsonNode firstAlert = body.get("alerts").get(0);
        assertEquals(firstAlert.get("score").asDouble() - firstAlert.get("score_before").asDouble(),
                firstAlert.get("change").asDouble(), 0.051);
        String text = body.get("text").asText();
        for (Alert a : first.alerts()) {
            assertTrue(text.contains(a.line()), text);
            if (a.reasonKind() == Alert.ReasonKind.DROPPED) { // more than min-drop points: some signal moved them
                assertTrue(a.reason().matches("\u2212\\d+(\\.\\d)?: [a-z]+ .+"), a.reason());
            }
        }
        assertEquals(expected.size() + "|" + Columns.ALERT_SENT, delivery(first));
    }

    @Test
    void aRunWithoutHistoryComparesWithThePublishedHistory() {
        assertEquals(List.of(AS_OF), second.scoredDates());
        assertEquals(firstChanges, changes(), "the same date re-run alone gives the same changes");
        assertEquals(first.alerts(), second.alerts());
    }

    @Test
    void aReceiverAnswering500IsTriedAttemptsTimesAndOnlyRecorded() {
        assertEquals(3, failing.bodies.size(), "alerts.attempts = 3");
        String recorded = second.alerts().size() + "|" + Columns.ALERT_FAILED + "HTTP 500 after 3 attempts";
        assertEquals(recorded, delivery(second));
        assertTrue(secondReport.contains("(webhook: " + Columns.ALERT_FAILED + "HTTP 500 after 3 attempts)"), secondReport);
        assertTrue(secondReport.contains(second.runId() + " published"), secondReport);
    }

    @Test
    void aReceiverThatIsDownIsOnlyRecorded() {
        String recorded = delivery(third);
        assertTrue(recorded.startsWith(third.alerts().size() + "|" + Columns.ALERT_FAILED), recorded);
        assertTrue(recorded.endsWith("after 2 attempts"), recorded);
        assertTrue(thirdReport.contains("(webhook: " + Columns.ALERT_FAILED), thirdReport);
        assertEquals(firstChanges, changes());
    }

    @Test
    void aBadWebhookUrlIsOneLineAndExit2() throws IOException {
        Path conf = tmp.resolve("bad-webhook.conf");
        Files.writeString(conf, "vantagepoint.alerts.webhook-url = \"hooks.example.com/services/T0/B0/secret\"\n");
        CliOutcome outcome = CliOutcome.execute("run", "--conf", conf.toString(), "--warehouse",
                tmp.resolve("unused").toString());
        assertEquals(2, outcome.exit(), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
        assertTrue(outcome.err().contains("alerts.webhook-url"), outcome.err());
        assertFalse(outcome.err().contains("T0/B0"), "the URL is not echoed: " + outcome.err());
    }
}
