package com.vantagepoint.pipeline.job;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.scoring.testing.FakesnowServer;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.RunOutputs;
import com.vantagepoint.pipeline.warehouse.RunRecord;
import com.vantagepoint.pipeline.warehouse.SnowflakeWarehouse;
import com.vantagepoint.pipeline.warehouse.Warehouses;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.health.HealthModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The real job on the {@code golden} dataset published to Snowflake, here fakesnow's server (a Snowflake-dialect
 * front end over DuckDB) started as a subprocess. Skipped when fakesnow is not installed, except under CI.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnowflakePublishTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");
    private static final String DATABASE = "VP";
    private static final String SCHEMA = "MARTS";
    private static FakesnowServer server;
    private static MartPublisher snowflake;
    @TempDir
    static Path duckDir;

    @BeforeAll
    static void startFakesnow() throws Exception {
        server = FakesnowServer.start(DATABASE, SCHEMA);
        com.typesafe.config.Config config = JobFixtures.config(server.settings());
        snowflake = Warehouses.open(config.getString("warehouse"), 0,
                com.vantagepoint.scoring.health.HealthModel.fromConfig(config.getConfig("scoring")), config);
        assertInstanceOf(SnowflakeWarehouse.class, snowflake);
    }

    @AfterAll
    static void stopFakesnow() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    @Order(1)
    void publishesTheSameMartsAsDuckDb() throws SQLException {
        JobFixtures.run("golden", AS_OF, 0, Map.of(), snowflake);
        DuckDbWarehouse duck = new DuckDbWarehouse(duckDir, 1, model());
        JobFixtures.run("golden", AS_OF, 0, Map.of(), duck);

        SparkSession spark = SharedSpark.spark();
        assertEquals(scores(duck.readPublished(spark, Tables.ACCOUNT_HEALTH_SCORE).orElseThrow()),
                scores(snowflake.readPublished(spark, Tables.ACCOUNT_HEALTH_SCORE).orElseThrow()));
        try (Connection c = server.connect()) {
            for (String table : Tables.ALL) {
                // each warehouse appends its own publish-audit checks; the run's own checks must match
                String runRows = table.equals(Tables.DATA_QUALITY_CHECKS) ? "check_name NOT LIKE 'publish_audit:%'" : "true";
                long expected = duck.readPublished(spark, table).orElseThrow().where(runRows).count();
                assertEquals(expected, count(c, table + " WHERE " + runRows), "rows of " + table);
            }
            assertEquals(0, count(c, "VP_STAGED_%"), "no staging tables left");
        }
    }

    @Test
    @Order(2)
    void aTableOfAnOlderReleaseGainsTheCatalogsNewColumns() throws SQLException {
        List<MartCatalog.Column> columns = MartCatalog.table(Tables.ACCOUNT_INSIGHTS).columns();
        String added = columns.get(columns.size() - 1).name();
        try (Connection c = server.connect()) {
            execute(c, "ALTER TABLE " + Tables.ACCOUNT_INSIGHTS + " DROP COLUMN " + added);
        }
        JobFixtures.run("golden", AS_OF, 0, Map.of(), snowflake);
        try (Connection c = server.connect()) {
            assertEquals(0, count(c, Tables.ACCOUNT_INSIGHTS + " WHERE " + added + " IS NULL"),
                    "the re-added " + added + " holds the run's values");
            assertTrue(count(c, Tables.ACCOUNT_INSIGHTS) > 0);
        }
    }

    @Test
    @Order(7)
    void aColumnUnderItsFormerNameIsRenamedWithItsValues() throws SQLException {
        String cache = Tables.ENRICHMENT_CACHE;
        try (Connection c = server.connect()) {
            execute(c, "ALTER TABLE " + cache + " RENAME COLUMN " + Columns.COMPLAINT_CONFIDENCE + " TO " + Columns.FORMER_CATEGORY_CONFIDENCE);
            execute(c, "UPDATE " + cache + " SET " + Columns.FORMER_CATEGORY_CONFIDENCE + " = 0.7");
        }
        JobFixtures.run("golden", AS_OF, 0, Map.of(), snowflake);
        try (Connection c = server.connect()) {
            assertTrue(count(c, cache) > 0);
            assertEquals(count(c, cache), count(c, cache + " WHERE " + Columns.COMPLAINT_CONFIDENCE + " = 0.7"),
                    "the older release's confidences are kept under the new name (the run's hits carry them on)");
        }
    }

    @Test
    @Order(3)
    void failedAuditPublishesNothing() throws SQLException {
        List<String> before = publishedScores();
        MartPublisher duplicating = new Forwarding(snowflake) {
            @Override
            public void publish(RunOutputs outputs) {
                Map<String, Dataset<Row>> tables = new HashMap<>(outputs.tables());
                Dataset<Row> history = tables.get(Tables.ACCOUNT_HEALTH_HISTORY);
                tables.put(Tables.ACCOUNT_HEALTH_HISTORY, history.union(history.limit(1)));
                super.publish(new RunOutputs(outputs.run(), tables, outputs.scoredDates()));
            }
        };
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> JobFixtures.run("golden", AS_OF.plusDays(7), 0, Map.of(), duplicating));
        assertTrue(e.getMessage().contains("audit failed, nothing published: history_unique_account_date"), e.getMessage());
        assertEquals(before, publishedScores());
        try (Connection c = server.connect()) {
            assertEquals("1", single(c, "SELECT COUNT(*) FROM " + Tables.PIPELINE_RUNS + " WHERE status = 'failed'"),
                    "the failed run is recorded");
            assertEquals("0", single(c, "SELECT COUNT(*) FROM " + Tables.ACCOUNT_HEALTH_HISTORY
                    + " WHERE as_of_date = '" + AS_OF.plusDays(7) + "'"));
        }
    }

    @Test
    @Order(4)
    void secondPublisherIsRefusedWhileTheLockIsHeld() throws SQLException {
        List<String> before = publishedScores();
        try (Connection c = server.connect()) {
            // what a concurrent publisher's conditional UPDATE leaves behind while it works
            execute(c, "UPDATE " + SnowflakeWarehouse.LOCK_TABLE + " SET holder = 'run-in-progress', heartbeat_at = CURRENT_TIMESTAMP() WHERE holder IS NULL");
        }
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> JobFixtures.run("golden", AS_OF, 0, Map.of(), snowflake));
        assertTrue(e.getMessage().matches("(?s).*another run \\(run-in-progress, last heartbeat \\d+ s ago\\) is publishing to Snowflake VP\\.MARTS.*"),
                e.getMessage());
        assertEquals(before, publishedScores());
        try (Connection c = server.connect()) {
            execute(c, "UPDATE " + SnowflakeWarehouse.LOCK_TABLE + " SET holder = NULL");
        }
        JobFixtures.run("golden", AS_OF, 0, Map.of(), snowflake);
        assertEquals(before, publishedScores(), "re-publishing the same date gives the same marts");
    }

    // ------------------------------------------------------------------------------------------------ bits

    @Test
    @Order(5)
    void aBacktestReplacesScoreBacktestAndLeavesTheMartsAsTheyWere() throws SQLException {
        List<String> before = publishedScores();
        snowflake.publishDerived("backtest-sf-1", Tables.SCORE_BACKTEST, backtestRows("backtest-sf-1", 0.7, 0.6));
        snowflake.publishDerived("backtest-sf-2", Tables.SCORE_BACKTEST, backtestRows("backtest-sf-2", 0.8));
        try (Connection c = server.connect()) {
            assertEquals(1, count(c, Tables.SCORE_BACKTEST));
            assertEquals("backtest-sf-2", single(c, "SELECT backtest_id FROM " + Tables.SCORE_BACKTEST));
            assertEquals(0, count(c, "VP_STAGED_%"), "no staging tables left");
        }
        assertEquals(before, publishedScores());
    }

    @Test
    @Order(6)
    void scoreChangesEqualDuckDbsAndTheAlertsAreRecordedByAnUpdate() throws SQLException {
        PipelineJob.Result run = JobFixtures.run("golden", AS_OF, 1, Map.of(), snowflake);
        DuckDbWarehouse duck = new DuckDbWarehouse(duckDir.resolve("weekly"), 1, model());
        JobFixtures.run("golden", AS_OF, 1, Map.of(), duck);

        SparkSession spark = SharedSpark.spark();
        List<String> expected = changes(duck.readPublished(spark, Tables.ACCOUNT_SCORE_CHANGES).orElseThrow());
        assertEquals(expected, changes(snowflake.readPublished(spark, Tables.ACCOUNT_SCORE_CHANGES).orElseThrow()));
        assertTrue(expected.stream().anyMatch(r -> !r.contains("null")), "a week before was scored: " + expected);
        try (Connection c = server.connect()) {
            assertEquals(run.alerts().size() + "|" + Columns.ALERT_NOT_CONFIGURED, single(c, "SELECT " + Columns.ALERTS
                    + " || '|' || " + Columns.ALERT_DELIVERY + " FROM " + Tables.PIPELINE_RUNS + " WHERE run_id = '" + run.runId() + "'"));
            assertEquals(0, count(c, "VP_STAGED_%"), "no staging tables left");
        }
    }

    /** ACCOUNT_SCORE_CHANGES rows without the run id, in account and window order. */
    private static List<String> changes(Dataset<Row> frame) {
        return frame.drop(Columns.RUN_ID).orderBy(Columns.ACCOUNT_ID, Columns.WINDOW_DAYS).collectAsList().stream()
                .map(Row::toString).toList();
    }

    /** SCORE_BACKTEST rows, one score_auc figure per value (the other columns null). */
    private static Dataset<Row> backtestRows(String backtestId, double... values) {
        MartCatalog.Table table = MartCatalog.table(Tables.SCORE_BACKTEST);
        List<Row> rows = new java.util.ArrayList<>();
        for (double value : values) {
            Object[] v = new Object[table.columns().size()];
            v[table.columnNames().indexOf(Columns.BACKTEST_ID)] = backtestId;
            v[table.columnNames().indexOf(Columns.FIGURE)] = Columns.FIGURE_SCORE_AUC;
            v[table.columnNames().indexOf(Columns.ITEM)] = Columns.HEALTH_SCORE;
            v[table.columnNames().indexOf(Columns.VALUE)] = value;
            rows.add(org.apache.spark.sql.RowFactory.create(v));
        }
        return SharedSpark.spark().createDataFrame(rows, com.vantagepoint.pipeline.schema.SparkTypes.schema(Tables.SCORE_BACKTEST));
    }

    private static HealthModel model() {
        return HealthModel.fromConfig(JobFixtures.config(Map.of()).getConfig("scoring"));
    }

    private static List<String> scores(Dataset<Row> frame) {
        return frame.select(Columns.ACCOUNT_ID, Columns.HEALTH_SCORE, Columns.RISK_TIER).orderBy(Columns.ACCOUNT_ID)
                .collectAsList().stream().map(Row::toString).toList();
    }

    private static List<String> publishedScores() {
        return scores(snowflake.readPublished(SharedSpark.spark(), Tables.ACCOUNT_HEALTH_SCORE).orElseThrow());
    }

    private static long count(Connection c, String tableOrPattern) throws SQLException {
        if (tableOrPattern.endsWith("%")) {
            try (ResultSet rs = c.getMetaData().getTables(null, null, tableOrPattern, null)) {
                long n = 0;
                while (rs.next()) {
                    n++;
                }
                return n;
            }
        }
        return Long.parseLong(single(c, "SELECT COUNT(*) FROM " + tableOrPattern));
    }

    private static String single(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            assertTrue(rs.next(), sql);
            String v = rs.getString(1);
            assertFalse(rs.next(), sql);
            return v;
        }
    }

    private static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }






    /** A publisher that forwards to another, so a test can change what reaches it. */
    private static class Forwarding implements MartPublisher {
        private final MartPublisher delegate;

        Forwarding(MartPublisher delegate) {
            this.delegate = delegate;
        }

        @Override
        public Optional<Dataset<Row>> readPublished(SparkSession spark, String table) {
            return delegate.readPublished(spark, table);
        }

        @Override
        public void publish(RunOutputs outputs) {
            delegate.publish(outputs);
        }

        @Override
        public void recordFailedRun(RunRecord run, Optional<Dataset<Row>> rejects) {
            delegate.recordFailedRun(run, rejects);
        }

        @Override
        public void recordAlerts(String runId, long alerts, String delivery) {
            delegate.recordAlerts(runId, alerts, delivery);
        }

        @Override
        public void publishDerived(String publishId, String table, Dataset<Row> rows) {
            delegate.publishDerived(publishId, table, rows);
        }
    }
}
