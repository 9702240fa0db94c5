package com.vantagepoint.pipeline.warehouse;

import com.vantagepoint.pipeline.schema.SparkTypes;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.pipeline.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static com.vantagepoint.scoring.catalog.Tables.ACCOUNT_HEALTH_HISTORY;
import static com.vantagepoint.scoring.catalog.Tables.ACCOUNT_HEALTH_SCORE;
import static com.vantagepoint.scoring.catalog.Tables.ACCOUNT_INSIGHTS;
import static com.vantagepoint.scoring.catalog.Tables.ACCOUNT_SCORE_CHANGES;
import static com.vantagepoint.scoring.catalog.Tables.DATA_QUALITY_CHECKS;
import static com.vantagepoint.scoring.catalog.Tables.ENRICHMENT_CACHE;
import static com.vantagepoint.scoring.catalog.Tables.INTERACTION_TRANSCRIPTS_ENRICHED;
import static com.vantagepoint.scoring.catalog.Tables.REJECTED_RECORDS;
import static com.vantagepoint.scoring.catalog.Tables.SCORE_BACKTEST;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DuckDbWarehouseTest {
    static final LocalDate D1 = LocalDate.parse("2026-11-04");
    static final LocalDate D2 = LocalDate.parse("2026-11-11");
    static final LocalDate D3 = LocalDate.parse("2026-11-18");

    static SparkSession spark;

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        spark = SharedSpark.spark();
    }

    // ---------------------------------------------------------------------------------------------- fixtures

    static Row row(String table, Map<String, Object> values) {
        MartCatalog.Table t = MartCatalog.table(table);
        Object[] v = new Object[t.columns().size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = values.get(t.columns().get(i).name());
        }
        assertTrue(t.columnNames().containsAll(values.keySet()), "unknown column in " + values.keySet());
        return RowFactory.create(v);
    }

    static Dataset<Row> df(String table, List<Row> rows) {
        return spark.createDataFrame(rows, SparkTypes.schema(table));
    }

    static Row history(String account, LocalDate date, double score, String tier, String runId) {
        Map<String, Object> m = new HashMap<>();
        m.put("account_id", account);
        m.put("industry", "Retail");
        m.put("annual_revenue", new BigDecimal("125000.50"));
        m.put("subscription_start_date", Date.valueOf("2024-01-15"));
        m.put("is_churned", "churned".equals(tier));
        m.put("tier", "standard");
        m.put("tenure_days", 300);
        m.put("total_sessions", 42L);
        m.put("features_adopted", 5);
        m.put("error_rate", 0.0125);
        m.put("top_complaint_category", "none");
        m.put("health_score", score);
        m.put("risk_tier", tier);
        m.put("as_of_date", Date.valueOf(date));
        m.put("run_id", runId);
        return row(ACCOUNT_HEALTH_HISTORY, m);
    }

    static Row transcript(String id, String account, String runId) {
        return row(INTERACTION_TRANSCRIPTS_ENRICHED, Map.of("interaction_id", id, "account_id", account,
                "timestamp", Timestamp.from(Instant.parse("2026-11-10T09:30:00Z")), "interaction_type", "email",
                "transcript_body", "Thanks, all good", "attribution", "direct", "sentiment_score", 0.6,
                "complaint_category", "general", "enrichment_status", "ok", "run_id", runId));
    }

    static Row reject(String runId, String reason) {
        return row(REJECTED_RECORDS, Map.of("run_id", runId, "source", "usage_logs", "raw_record", "{bad",
                "reason_code", reason, "rejected_at", Timestamp.from(Instant.parse("2026-11-18T10:00:00Z"))));
    }

    static Row cacheEntry(String sha, double sentiment, String runId) {
        return row(ENRICHMENT_CACHE, Map.of("body_sha256", sha, "provider", "local", "model", "local-analyzer-1",
                "prompt_version", "v1", "sentiment_score", sentiment, "complaint_category", "general",
                "enrichment_status", "ok", "created_run_id", runId));
    }

    static RunRecord runRecord(String runId, LocalDate asOf) {
        return new RunRecord(runId, asOf, RunRecord.STATUS_PUBLISHED, Instant.parse("2026-11-18T10:00:00Z"),
                Instant.parse("2026-11-18T10:05:00Z"), 1, "/data/in", "{}", "{}", "{}", 0, 0, 0, 0, 0, 0, 0.0,
                "cfg", "local-analyzer-1", "v1", "test", null, 4, 0, 0, "fp");
    }

    /** Run 1: dates D1 and D2, accounts A and B, one transcript, one reject, one cache entry. */
    static RunOutputs run1() {
        String r = "run-1";
        Map<String, Dataset<Row>> t = new HashMap<>();
        t.put(ACCOUNT_HEALTH_HISTORY, df(ACCOUNT_HEALTH_HISTORY, List.of(
                history("ACC-A", D1, 70.0, "healthy", r), history("ACC-B", D1, 30.0, "critical", r),
                history("ACC-A", D2, 71.0, "healthy", r), history("ACC-B", D2, 31.0, "critical", r))));
        t.put(INTERACTION_TRANSCRIPTS_ENRICHED, df(INTERACTION_TRANSCRIPTS_ENRICHED, List.of(transcript("INT-1", "ACC-A", r))));
        t.put(REJECTED_RECORDS, df(REJECTED_RECORDS, List.of(reject(r, "malformed_json"))));
        t.put(ENRICHMENT_CACHE, df(ENRICHMENT_CACHE, List.of(cacheEntry("h1", 0.1, r), cacheEntry("h2", 0.2, r))));
        return new RunOutputs(runRecord(r, D2), t, Set.of(D1, D2));
    }

    /** Run 2: re-scores D2 and adds D3 (account C appears), its own transcripts, a changed cache entry. */
    static RunOutputs run2() {
        String r = "run-2";
        Map<String, Dataset<Row>> t = new HashMap<>();
        t.put(ACCOUNT_HEALTH_HISTORY, df(ACCOUNT_HEALTH_HISTORY, List.of(
                history("ACC-A", D2, 50.0, "at_risk", r), history("ACC-B", D2, 32.0, "critical", r),
                history("ACC-A", D3, 52.0, "at_risk", r), history("ACC-B", D3, 33.0, "critical", r),
                history("ACC-C", D3, 90.0, "healthy", r))));
        t.put(INTERACTION_TRANSCRIPTS_ENRICHED, df(INTERACTION_TRANSCRIPTS_ENRICHED, List.of(
                transcript("INT-1", "ACC-A", r), transcript("INT-2", "ACC-C", r))));
        t.put(REJECTED_RECORDS, df(REJECTED_RECORDS, List.of(reject(r, "duplicate"), reject(r, "unknown_account"))));
        t.put(DATA_QUALITY_CHECKS, df(DATA_QUALITY_CHECKS, List.of(row(DATA_QUALITY_CHECKS, Map.of("run_id", r,
                "check_name", "unique", "table_name", "accounts", "column_name", "account_id", "status", "pass", "failing_rows", 0L)))));
        t.put(ENRICHMENT_CACHE, df(ENRICHMENT_CACHE, List.of(cacheEntry("h2", 0.25, r), cacheEntry("h3", 0.3, r))));
        return new RunOutputs(runRecord(r, D3), t, Set.of(D2, D3));
    }

    static RunOutputs withHistory(String runId, LocalDate asOf, List<Row> history) {
        return new RunOutputs(runRecord(runId, asOf), Map.of(ACCOUNT_HEALTH_HISTORY, df(ACCOUNT_HEALTH_HISTORY, history)), Set.of(asOf));
    }

    DuckDbWarehouse warehouse(int keepRuns) {
        return new DuckDbWarehouse(dir, keepRuns,
                HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring")));
    }

    List<String> query(String sql) throws SQLException {
        try (WarehouseReader r = WarehouseReader.open(dir)) {
            return rows(r.connection(), sql);
        }
    }

    static List<String> rows(Connection c, String sql) throws SQLException {
        List<String> out = new ArrayList<>();
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            int n = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                StringBuilder b = new StringBuilder();
                for (int i = 1; i <= n; i++) {
                    b.append(i > 1 ? "|" : "").append(rs.getString(i));
                }
                out.add(b.toString());
            }
        }
        return out;
    }

    String current() throws Exception {
        return Files.readString(dir.resolve("current")).trim();
    }

    List<String> stagingEntries() throws Exception {
        Path staging = dir.resolve("staging");
        if (!Files.exists(staging)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(staging)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    static Row backtestFigure(String backtestId, String figure, String item, double value) {
        return row(SCORE_BACKTEST, Map.of("backtest_id", backtestId, "figure", figure, "item", item, "value", value,
                "accounts", 10L, "observations", 20L, "churn_events", 2L, "churned_observations", 3L, "enough_data", false));
    }

    // ------------------------------------------------------------------------------------------------- tests

    @Test
    void aDerivedTableIsReplacedByItsOwnPublishAndEverythingElseStays() throws Exception {
        DuckDbWarehouse w = warehouse(3);
        w.publish(run1());
        w.publishDerived("backtest-1", SCORE_BACKTEST, df(SCORE_BACKTEST, List.of(
                backtestFigure("backtest-1", "score_auc", "health_score", 0.7),
                backtestFigure("backtest-1", "signal_auc", "recency", 0.6))));
        w.publishDerived("backtest-2", SCORE_BACKTEST, df(SCORE_BACKTEST, List.of(
                backtestFigure("backtest-2", "score_auc", "health_score", 0.8))));
        assertEquals("runs/backtest-2.duckdb", current());
        assertEquals(List.of("backtest-2|score_auc|0.8"), query("SELECT backtest_id, figure, value FROM SCORE_BACKTEST"));
        assertEquals(List.of("4"), query("SELECT count(*) FROM ACCOUNT_HEALTH_HISTORY"));
        assertEquals(List.of("run-1"), query("SELECT run_id FROM PIPELINE_RUNS"), "a backtest is not a run");
        w.publish(run2());
        assertEquals(List.of("backtest-2"), query("SELECT backtest_id FROM SCORE_BACKTEST"), "a run carries it over");
    }

    @Test
    void aDerivedPublishRefusesRunTablesAndUnknownFigures() throws Exception {
        DuckDbWarehouse w = warehouse(3);
        w.publish(run1());
        PublishException runTable = assertThrows(PublishException.class, () -> w.publishDerived("backtest-1",
                ACCOUNT_HEALTH_HISTORY, df(ACCOUNT_HEALTH_HISTORY, List.of())));
        assertTrue(runTable.getMessage().contains("only [SCORE_BACKTEST]"), runTable.getMessage());
        PublishException audit = assertThrows(PublishException.class, () -> w.publishDerived("backtest-2", SCORE_BACKTEST,
                df(SCORE_BACKTEST, List.of(backtestFigure("backtest-2", "horoscope", "x", 1.0)))));
        assertTrue(audit.getMessage().startsWith("audit failed, nothing published"), audit.getMessage());
        assertEquals("runs/run-1.duckdb", current());
    }

    @Test
    void mergesHistoryAcrossRunsAndServesTheGreatestDate() throws Exception {
        DuckDbWarehouse w = warehouse(3);
        w.publish(run1());
        assertEquals("runs/run-1.duckdb", current());
        assertEquals(List.of("ACC-A|2026-11-11|71.0", "ACC-B|2026-11-11|31.0"),
                query("SELECT account_id, as_of_date, health_score FROM ACCOUNT_HEALTH_SCORE ORDER BY 1"));

        w.publish(run2());
        assertEquals("runs/run-2.duckdb", current());
        assertEquals(List.of(
                        "2026-11-04|ACC-A|70.0|run-1", "2026-11-04|ACC-B|30.0|run-1",
                        "2026-11-11|ACC-A|50.0|run-2", "2026-11-11|ACC-B|32.0|run-2",
                        "2026-11-18|ACC-A|52.0|run-2", "2026-11-18|ACC-B|33.0|run-2", "2026-11-18|ACC-C|90.0|run-2"),
                query("SELECT as_of_date, account_id, health_score, run_id FROM ACCOUNT_HEALTH_HISTORY ORDER BY 1, 2"));
        assertEquals(List.of("ACC-A|2026-11-18|at_risk", "ACC-B|2026-11-18|critical", "ACC-C|2026-11-18|healthy"),
                query("SELECT account_id, as_of_date, risk_tier FROM ACCOUNT_HEALTH_SCORE ORDER BY 1"));
        assertEquals(List.of("INT-1|run-2", "INT-2|run-2"),
                query("SELECT interaction_id, run_id FROM INTERACTION_TRANSCRIPTS_ENRICHED ORDER BY 1"));
        assertEquals(List.of("run-1|malformed_json", "run-2|duplicate", "run-2|unknown_account"),
                query("SELECT run_id, reason_code FROM REJECTED_RECORDS ORDER BY 1, 2"));
        assertEquals(List.of("run-1|published|2026-11-11|2026-11-18 10:00:00", "run-2|published|2026-11-18|2026-11-18 10:00:00"),
                query("SELECT run_id, status, as_of_date, strftime(started_at, '%Y-%m-%d %H:%M:%S') FROM PIPELINE_RUNS ORDER BY 1"));
        // new cache entries win over old ones with the same key; old ones survive
        assertEquals(List.of("h1|0.1|run-1", "h2|0.25|run-2", "h3|0.3|run-2"),
                query("SELECT body_sha256, sentiment_score, created_run_id FROM ENRICHMENT_CACHE ORDER BY 1"));
        // the run's own checks plus the publish audit, recorded per run
        assertEquals(List.of("1"), query("SELECT count(*) FROM DATA_QUALITY_CHECKS WHERE run_id = 'run-2' AND check_name = 'unique'"));
        assertEquals(List.of("0"), query("SELECT count(*) FROM DATA_QUALITY_CHECKS WHERE check_name LIKE 'publish_audit:%' AND status <> 'pass'"));
        assertTrue(Integer.parseInt(query("SELECT count(*) FROM DATA_QUALITY_CHECKS WHERE run_id = 'run-1' AND check_name LIKE 'publish_audit:%'").get(0)) >= 6);
        // a table the runs never handed over still exists, empty
        assertEquals(List.of("0"), query("SELECT count(*) FROM ACCOUNT_INSIGHTS"));
        assertEquals(List.of(), stagingEntries());
    }

    @Test
    void backfillOfAnOlderDateReplacesOnlyThatDateAndKeepsNewerTranscripts() throws Exception {
        DuckDbWarehouse w = warehouse(3);
        w.publish(run1());
        w.publish(run2());
        Map<String, Dataset<Row>> t = new HashMap<>();
        t.put(ACCOUNT_HEALTH_HISTORY, df(ACCOUNT_HEALTH_HISTORY, List.of(history("ACC-A", D1, 10.0, "critical", "run-3"))));
        t.put(INTERACTION_TRANSCRIPTS_ENRICHED, df(INTERACTION_TRANSCRIPTS_ENRICHED, List.of(transcript("INT-OLD", "ACC-A", "run-3"))));
        w.publish(new RunOutputs(runRecord("run-3", D1), t, Set.of(D1)));

        assertEquals(List.of("2026-11-04|ACC-A|run-3"),
                query("SELECT as_of_date, account_id, run_id FROM ACCOUNT_HEALTH_HISTORY WHERE as_of_date = DATE '2026-11-04'"));
        assertEquals(List.of("6"), query("SELECT count(*) FROM ACCOUNT_HEALTH_HISTORY"));
        assertEquals(List.of("2026-11-18|3"), query("SELECT max(as_of_date), count(*) FROM ACCOUNT_HEALTH_SCORE"));
        assertEquals(List.of("INT-1|run-2", "INT-2|run-2"),
                query("SELECT interaction_id, run_id FROM INTERACTION_TRANSCRIPTS_ENRICHED ORDER BY 1"));
    }

    @Test
    void tablesHaveTheCatalogTypesEvenForAllNullColumnsAndAbsentTables() throws Exception {
        warehouse(3).publish(withHistory("run-1", D1, List.of(history("ACC-A", D1, 70.0, "healthy", "run-1"))));
        for (MartCatalog.Table t : MartCatalog.tables()) {
            List<String> actual = query("SELECT column_name || ' ' || data_type FROM duckdb_columns() WHERE table_name = '"
                    + t.name() + "' ORDER BY column_index");
            List<String> expected = t.columns().stream().map(c -> c.name() + " " + c.sqlType()).toList();
            assertEquals(expected, actual, t.name());
        }
        assertEquals(List.of("null|null|125000.50"),
                query("SELECT last_active_at, avg_sentiment, annual_revenue FROM ACCOUNT_HEALTH_HISTORY"));
    }

    @Test
    void aPreviousDatabaseOfAnOlderSchemaIsBroughtToTheCatalogSchema() throws Exception {
        DuckDbWarehouse w = warehouse(3);
        w.publish(run1());
        // what an older release might have published: a missing table, a missing column, a column under its former
        // name (with values), a different type
        asAnOlderReleasePublishedIt("DROP TABLE ACCOUNT_INSIGHTS", "ALTER TABLE ENRICHMENT_CACHE DROP COLUMN created_run_id",
                "ALTER TABLE ENRICHMENT_CACHE RENAME COLUMN complaint_confidence TO category_confidence",
                "UPDATE ENRICHMENT_CACHE SET category_confidence = 0.7",
                "ALTER TABLE ACCOUNT_HEALTH_HISTORY ALTER tenure_days TYPE BIGINT");
        w.publish(run2());
        for (MartCatalog.Table t : MartCatalog.tables()) {
            List<String> actual = query("SELECT column_name || ' ' || data_type FROM duckdb_columns() WHERE table_name = '"
                    + t.name() + "' ORDER BY column_index");
            assertEquals(t.columns().stream().map(c -> c.name() + " " + c.sqlType()).toList(), actual, t.name());
        }
        assertEquals(List.of("2026-11-04|ACC-A|300", "2026-11-04|ACC-B|300"),
                query("SELECT as_of_date, account_id, tenure_days FROM ACCOUNT_HEALTH_HISTORY WHERE as_of_date = DATE '2026-11-04' ORDER BY 2"));
        // h1 is the older release's entry (its confidence kept under the new name); h2 and h3 are run 2's
        assertEquals(List.of("h1|0.7|null", "h2|null|run-2", "h3|null|run-2"),
                query("SELECT body_sha256, complaint_confidence, created_run_id FROM ENRICHMENT_CACHE ORDER BY 1"));
    }

    @Test
    void everyTableAndColumnCarriesAComment() throws Exception {
        warehouse(3).publish(run1());
        assertEquals(List.of(MartCatalog.tables().size() + "|0"), query("SELECT count(*), count(*) FILTER (WHERE comment IS NULL OR comment = '') "
                + "FROM duckdb_tables() WHERE NOT internal AND schema_name = 'main'"));
        assertEquals(List.of("0"), query("SELECT count(*) FROM duckdb_columns() WHERE NOT internal AND schema_name = 'main' "
                + "AND (comment IS NULL OR comment = '')"));
        assertEquals(List.of(MartCatalog.table(ACCOUNT_HEALTH_SCORE).column("health_score").orElseThrow().description(HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring")))),
                query("SELECT comment FROM duckdb_columns() WHERE table_name = 'ACCOUNT_HEALTH_SCORE' AND column_name = 'health_score'"));
    }

    @Test
    void auditFailurePublishesNothingAndTheFormerRunStaysReadable() throws Exception {
        DuckDbWarehouse w = warehouse(3);
        w.publish(run1());
        PublishException dup = assertThrows(PublishException.class, () -> w.publish(withHistory("run-bad", D3, List.of(
                history("ACC-A", D3, 50.0, "at_risk", "run-bad"), history("ACC-A", D3, 51.0, "at_risk", "run-bad")))));
        assertTrue(dup.getMessage().contains("history_unique_account_date"), dup.getMessage());

        PublishException range = assertThrows(PublishException.class, () -> w.publish(withHistory("run-bad2", D3, List.of(
                history("ACC-A", D3, 101.0, "healthy", "run-bad2"), history("ACC-B", D3, 20.0, "sad", "run-bad2")))));
        assertTrue(range.getMessage().contains("health_score_range") && range.getMessage().contains("risk_tier_accepted_values"),
                range.getMessage());

        Map<String, Dataset<Row>> t = new HashMap<>();
        t.put(ACCOUNT_HEALTH_HISTORY, df(ACCOUNT_HEALTH_HISTORY, List.of(history("ACC-A", D3, 50.0, "at_risk", "run-bad3"))));
        t.put(INTERACTION_TRANSCRIPTS_ENRICHED, df(INTERACTION_TRANSCRIPTS_ENRICHED, List.of(transcript("INT-9", "ACC-NOPE", "run-bad3"))));
        PublishException orphan = assertThrows(PublishException.class, () -> w.publish(new RunOutputs(runRecord("run-bad3", D3), t, Set.of(D3))));
        assertTrue(orphan.getMessage().contains("transcripts_account_in_history"), orphan.getMessage());

        PublishException empty = assertThrows(PublishException.class, () -> w.publish(withHistory("run-bad4", D3, List.of())));
        assertTrue(empty.getMessage().contains("history_not_empty"), empty.getMessage());

        assertEquals("runs/run-1.duckdb", current());
        assertEquals(List.of("2026-11-11|2"), query("SELECT max(as_of_date), count(*) FROM ACCOUNT_HEALTH_SCORE"));
        assertEquals(List.of("run-1"), query("SELECT run_id FROM PIPELINE_RUNS"));
        assertEquals(List.of(), stagingEntries());
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            assertEquals(List.of("run-1.duckdb"), s.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aSecondPublisherWhileTheLockIsHeldGetsAClearError() throws Exception {
        DuckDbWarehouse w = warehouse(3);
        DuckDbWarehouse other = warehouse(3);
        AtomicReference<Exception> seen = new AtomicReference<>();
        w.hook = step -> {
            if (step.equals("written")) {
                try {
                    other.publish(run2());
                } catch (Exception e) {
                    seen.set(e);
                }
            }
        };
        w.publish(run1());
        assertTrue(seen.get() instanceof PublishException, String.valueOf(seen.get()));
        assertEquals("another run is publishing to " + dir.toAbsolutePath().normalize(), seen.get().getMessage());
        assertEquals("runs/run-1.duckdb", current());
        other.publish(run2()); // the lock is released afterwards
        assertEquals("runs/run-2.duckdb", current());
    }

    @Test
    void aRunKilledWhileBuildingLeavesTheCurrentRunAndItsLeftoversAreCleanedLater() throws Exception {
        DuckDbWarehouse w = warehouse(3);
        w.publish(run1());
        for (String step : List.of("audited", "loaded", "built", "moved")) {
            w.hook = s -> {
                if (s.equals(step)) {
                    throw new IllegalStateException("killed at " + step);
                }
            };
            assertThrows(IllegalStateException.class, () -> w.publish(run2()));
            assertEquals("runs/run-1.duckdb", current(), step);
            assertEquals(List.of("2026-11-11|2"), query("SELECT max(as_of_date), count(*) FROM ACCOUNT_HEALTH_SCORE"), step);
            // a killed process leaves its moved database behind: it is never current and gets pruned
            Files.deleteIfExists(dir.resolve("runs/run-2.duckdb"));
        }
        // what a killed process would leave behind: a staging directory with Parquet and a half-built database
        Path dead = Files.createDirectories(dir.resolve("staging/run-dead/ACCOUNT_HEALTH_HISTORY"));
        Files.writeString(dead.resolve("part-0.parquet"), "garbage");
        Files.writeString(dir.resolve("staging/run-dead/run-dead.duckdb"), "garbage");
        Files.writeString(dir.resolve("current.tmp"), "runs/run-dead.duckdb");
        assertEquals("runs/run-1.duckdb", current());
        assertEquals(List.of("2026-11-11|2"), query("SELECT max(as_of_date), count(*) FROM ACCOUNT_HEALTH_SCORE"));

        w.hook = s -> { };
        w.publish(run2());
        assertEquals("runs/run-2.duckdb", current());
        assertEquals(List.of(), stagingEntries());
        assertEquals(List.of("2026-11-18|3"), query("SELECT max(as_of_date), count(*) FROM ACCOUNT_HEALTH_SCORE"));
    }

    @Test
    void aReaderOfThePreviousRunKeepsReadingAfterTheSwitch() throws Exception {
        DuckDbWarehouse w = warehouse(0);
        w.publish(run1());
        try (WarehouseReader old = WarehouseReader.open(dir)) {
            assertEquals(List.of("2"), rows(old.connection(), "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE"));
            w.publish(run2());
            // keep-runs = 0 pruned the old file, yet the open reader still reads its snapshot
            assertFalse(Files.exists(dir.resolve("runs/run-1.duckdb")));
            assertEquals(List.of("2|2026-11-11"), rows(old.connection(), "SELECT count(*), max(as_of_date) FROM ACCOUNT_HEALTH_SCORE"));
            try (WarehouseReader fresh = WarehouseReader.open(dir)) {
                assertEquals(List.of("3|2026-11-18"), rows(fresh.connection(), "SELECT count(*), max(as_of_date) FROM ACCOUNT_HEALTH_SCORE"));
            }
        }
    }

    @Test
    void oldRunsBeyondKeepRunsArePrunedButNeverTheCurrent() throws Exception {
        DuckDbWarehouse w = warehouse(1);
        w.publish(run1());
        w.publish(run2());
        w.publish(withHistory("run-3", D3, List.of(history("ACC-A", D3, 60.0, "at_risk", "run-3"))));
        try (Stream<Path> s = Files.list(dir.resolve("runs"))) {
            assertEquals(List.of("run-2.duckdb", "run-3.duckdb"), s.map(p -> p.getFileName().toString()).sorted().toList());
        }
        assertEquals("runs/run-3.duckdb", current());
    }

    @Test
    void aFailedRunIsRecordedWithoutChangingAnyMart() throws Exception {
        DuckDbWarehouse w = warehouse(3);
        w.publish(run1());
        List<String> marts = List.of(ACCOUNT_HEALTH_SCORE, ACCOUNT_HEALTH_HISTORY, ACCOUNT_SCORE_CHANGES,
                INTERACTION_TRANSCRIPTS_ENRICHED, ACCOUNT_INSIGHTS, ENRICHMENT_CACHE);
        Map<String, List<String>> before = new HashMap<>();
        for (String m : marts) {
            before.put(m, query("SELECT * FROM " + m + " ORDER BY ALL"));
        }
        RunRecord failed = new RunRecord("run-f", D3, "running", Instant.parse("2026-11-18T11:00:00Z"), null, 0, "/in",
                "{}", "{}", "{}", 0, 0, 0, 0, 0, 0, 0, "cfg", "a", "v1", "test", "usage_logs rejects 7.5% > 5%", 0, 0, 0, null);
        w.recordFailedRun(failed, Optional.of(df(REJECTED_RECORDS, List.of(reject("run-f", "bad_type")))));

        assertEquals("runs/run-f.duckdb", current());
        for (String m : marts) {
            assertEquals(before.get(m), query("SELECT * FROM " + m + " ORDER BY ALL"), m);
        }
        assertEquals(List.of("run-1|published|null", "run-f|failed|usage_logs rejects 7.5% > 5%"),
                query("SELECT run_id, status, error_message FROM PIPELINE_RUNS ORDER BY 1"));
        assertEquals(List.of("1"), query("SELECT count(*) FROM PIPELINE_RUNS WHERE run_id = 'run-f' AND finished_at IS NOT NULL"));
        assertEquals(List.of("run-1|malformed_json", "run-f|bad_type"), query("SELECT run_id, reason_code FROM REJECTED_RECORDS ORDER BY 1"));
    }

    @Test
    void aFailedFirstRunCreatesAnEmptyWarehouse() throws Exception {
        warehouse(3).recordFailedRun(runRecord("run-f", D1), Optional.empty());
        assertEquals(List.of("0|1"), query("SELECT (SELECT count(*) FROM ACCOUNT_HEALTH_SCORE), (SELECT count(*) FROM PIPELINE_RUNS)"));
    }

    @Test
    void readsThePublishedCacheBackIntoSparkWithTheCatalogSchema() {
        DuckDbWarehouse w = warehouse(3);
        assertTrue(w.readPublished(spark, ENRICHMENT_CACHE).isEmpty());
        w.publish(run1());
        Dataset<Row> cache = w.readPublished(spark, ENRICHMENT_CACHE).orElseThrow();
        assertEquals(SparkTypes.schema(ENRICHMENT_CACHE), cache.schema());
        assertEquals(2, cache.count());
        Dataset<Row> transcripts = w.readPublished(spark, INTERACTION_TRANSCRIPTS_ENRICHED).orElseThrow();
        assertEquals(Timestamp.from(Instant.parse("2026-11-10T09:30:00Z")), transcripts.first().getAs("timestamp"));
        assertEquals(0, w.readPublished(spark, ACCOUNT_INSIGHTS).orElseThrow().count());
    }

    /** Rewrites run 1's database to what an older release might have published. */
    private void asAnOlderReleasePublishedIt(String... statements) throws Exception {
        try (Connection c = java.sql.DriverManager.getConnection("jdbc:duckdb:" + dir.resolve("runs/run-1.duckdb"));
             Statement s = c.createStatement()) {
            for (String statement : statements) {
                s.execute(statement);
            }
        }
    }

    @Test
    void readsACacheOfAnOlderReleaseUnderTheCatalogsNames() throws Exception {
        DuckDbWarehouse w = warehouse(3);
        w.publish(run1());
        asAnOlderReleasePublishedIt("ALTER TABLE ENRICHMENT_CACHE DROP COLUMN created_run_id",
                "ALTER TABLE ENRICHMENT_CACHE RENAME COLUMN complaint_confidence TO category_confidence",
                "UPDATE ENRICHMENT_CACHE SET category_confidence = 0.7");
        Dataset<Row> cache = w.readPublished(spark, ENRICHMENT_CACHE).orElseThrow();
        assertEquals(SparkTypes.schema(ENRICHMENT_CACHE), cache.schema());
        assertEquals(List.of("h1|0.7|null", "h2|0.7|null"), cache.orderBy("body_sha256").collectAsList().stream()
                .map(r -> r.getAs("body_sha256") + "|" + r.getAs("complaint_confidence") + "|" + r.getAs("created_run_id"))
                .toList());
    }

    @Test
    void refusesTablesTheRunDoesNotOwnAndMissingColumns() {
        DuckDbWarehouse w = warehouse(3);
        Map<String, Dataset<Row>> t = Map.of(ACCOUNT_HEALTH_SCORE, df(ACCOUNT_HEALTH_HISTORY, List.of()));
        assertThrows(PublishException.class, () -> w.publish(new RunOutputs(runRecord("run-x", D1), t, Set.of(D1))));
        Dataset<Row> narrow = df(ACCOUNT_HEALTH_HISTORY, List.of(history("ACC-A", D1, 70.0, "healthy", "run-y"))).drop("risk_tier");
        PublishException e = assertThrows(PublishException.class, () -> w.publish(
                new RunOutputs(runRecord("run-y", D1), Map.of(ACCOUNT_HEALTH_HISTORY, narrow), Set.of(D1))));
        assertTrue(e.getMessage().contains("risk_tier"), e.getMessage());
        assertFalse(Files.exists(dir.resolve("current")));
    }
}
