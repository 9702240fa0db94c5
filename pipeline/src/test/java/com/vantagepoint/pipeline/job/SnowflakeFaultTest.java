package com.vantagepoint.pipeline.job;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.scoring.testing.FakesnowServer;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.PublishException;
import com.vantagepoint.pipeline.warehouse.RunOutputs;
import com.vantagepoint.pipeline.warehouse.SnowflakeWarehouse;
import com.vantagepoint.pipeline.warehouse.Warehouses;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.health.HealthModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Faults of a real publisher process against fakesnow's server: the pipeline CLI publishes from a JVM of its own,
 * a second publisher in this JVM is refused while it holds the lock, and the process is killed (SIGKILL) once its
 * staging tables exist, i.e. after loading and before publishing. The last good marts must stay as they were, and
 * the next run, once the dead run's lock has gone stale, must take it over and publish.
 */
class SnowflakeFaultTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");
    private static final LocalDate KILLED_AS_OF = AS_OF.plusDays(7);
    private static final String STALE_AFTER = "3s";
    private static FakesnowServer server;
    private static MartPublisher snowflake;
    /** The good run's outputs, captured in memory, so a second publisher can be handed them directly. */
    private static RunOutputs goodRun;
    @TempDir
    static Path work;

    @BeforeAll
    static void publishAGoodRun() throws Exception {
        server = FakesnowServer.start("VPFAULT", "MARTS");
        com.typesafe.config.Config config = JobFixtures.config(settings());
        snowflake = Warehouses.open(config.getString("warehouse"), 0, HealthModel.fromConfig(config.getConfig("scoring")), config);
        goodRun = capturedRun(AS_OF);
        snowflake.publish(goodRun);
    }

    @AfterAll
    static void stopFakesnow() {
        if (server != null) {
            server.close();
        }
    }

    private static Map<String, Object> settings() {
        Map<String, Object> s = new HashMap<>(server.settings());
        s.put("snowflake.lock-stale-after", STALE_AFTER);
        return s;
    }

    @Test
    void aKilledPublisherLeavesTheLastGoodMartsAndTheNextRunTakesOver() throws Exception {
        List<String> before = publishedScores();

        Process publisher = startPublisherProcess();
        try {
            String holder = awaitLockHolder(publisher);
            PublishException refused = assertThrows(PublishException.class, () -> snowflake.publish(goodRun));
            assertTrue(refused.getMessage().startsWith("another run (" + holder + ", last heartbeat "), refused.getMessage());
            assertTrue(refused.getMessage().contains("is publishing to Snowflake VPFAULT.MARTS; nothing published"), refused.getMessage());

            awaitStagingTables(publisher);
            publisher.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        } finally {
            publisher.destroyForcibly();
        }

        assertEquals(before, publishedScores(), "the killed run changed nothing visible");
        try (Connection c = server.connect()) {
            assertEquals(0, count(c, Tables.ACCOUNT_HEALTH_HISTORY + " WHERE as_of_date = '" + KILLED_AS_OF + "'"));
            assertNotNull(lockHolder(c), "the dead run still holds the lock");
            assertTrue(!stagingTables(c).isEmpty(), "the dead run left its staging tables");
        }

        Thread.sleep(3_500); // the dead run's heartbeat goes stale
        JobFixtures.run("golden", KILLED_AS_OF, 0, settings(), snowflake);
        try (Connection c = server.connect()) {
            assertTrue(count(c, Tables.ACCOUNT_HEALTH_HISTORY + " WHERE as_of_date = '" + KILLED_AS_OF + "'") > 0,
                    "the next run published");
            assertEquals(List.of(), stagingTables(c), "the abandoned staging tables were dropped");
            assertNull(lockHolder(c), "the lock is free again");
        }
    }

    private static RunOutputs capturedRun(LocalDate asOf) {
        JobFixtures.Run run = JobFixtures.run("golden", asOf, 0, Map.of());
        InMemoryPublisher captured = run.publisher();
        Map<String, Dataset<Row>> frames = new LinkedHashMap<>();
        captured.tables.forEach((name, table) -> frames.put(name, table.frame(SharedSpark.spark())));
        return new RunOutputs(captured.publishedRun, frames, captured.scoredDates);
    }

    /** {@code PipelineCli run} to Snowflake in a JVM of its own, configured as a user would: a conf file and SNOWFLAKE_*. */
    private static Process startPublisherProcess() throws Exception {
        Path conf = work.resolve("fault.conf");
        Files.writeString(conf, "vantagepoint.snowflake { comments = false, lock-stale-after = " + STALE_AFTER + " }\n");
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Djdk.reflect"))
                .forEach(cmd::add);
        cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "com.vantagepoint.pipeline.cli.PipelineCli",
                "run", "--conf", conf.toString(), "--input", JobFixtures.resource("golden").toString(), "--warehouse", "snowflake",
                "--as-of", KILLED_AS_OF.toString(), "--history-weeks", "0"));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(work.resolve("publisher.log").toFile());
        pb.environment().putAll(server.environment());
        pb.environment().put("VANTAGEPOINT_HOME", work.resolve("home").toString());
        return pb.start();
    }

    private static String awaitLockHolder(Process publisher) throws Exception {
        return await(publisher, "the publisher taking the lock", c -> lockHolder(c));
    }

    private static void awaitStagingTables(Process publisher) throws Exception {
        await(publisher, "the publisher's staging tables", c -> {
            List<String> tables = stagingTables(c);
            return tables.isEmpty() ? null : tables;
        });
    }

    @FunctionalInterface
    private interface Probe<T> {
        T read(Connection c) throws SQLException;
    }

    private static <T> T await(Process publisher, String what, Probe<T> probe) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        try (Connection c = server.connect()) {
            while (System.nanoTime() < deadline) {
                if (!publisher.isAlive()) {
                    throw new AssertionError("the publisher exited before " + what + ": "
                            + Files.readString(work.resolve("publisher.log")));
                }
                try {
                    T seen = probe.read(c);
                    if (seen != null) {
                        return seen;
                    }
                } catch (SQLException notYet) {
                    // the lock table does not exist until the publisher creates it
                }
                Thread.sleep(20);
            }
        }
        throw new AssertionError("timed out waiting for " + what);
    }

    private static String lockHolder(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT holder FROM " + SnowflakeWarehouse.LOCK_TABLE)) {
            return rs.next() ? rs.getString(1) : null;
        }
    }

    private static List<String> stagingTables(Connection c) throws SQLException {
        List<String> names = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, "MARTS", "VP_STAGED_%", null)) {
            while (rs.next()) {
                names.add(rs.getString("TABLE_NAME"));
            }
        }
        return names;
    }

    private static List<String> publishedScores() {
        Optional<Dataset<Row>> score = snowflake.readPublished(SharedSpark.spark(), Tables.ACCOUNT_HEALTH_SCORE);
        return score.orElseThrow().select(Columns.ACCOUNT_ID, Columns.HEALTH_SCORE, Columns.RISK_TIER, Columns.AS_OF_DATE)
                .orderBy(Columns.ACCOUNT_ID).collectAsList().stream().map(Row::toString).toList();
    }

    private static long count(Connection c, String tableAndWhere) throws SQLException {
        try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + tableAndWhere)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
