package com.vantagepoint.pipeline.job;

import com.vantagepoint.scoring.testing.FakesnowServer;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A Snowflake run whose password is a distinctive string must not write it anywhere: not on stdout (the run report)
 * or stderr, not in PIPELINE_RUNS, not in any file the run leaves (log files of the JDBC driver included: the run's
 * temp directory is searched) and not in Spark's event log, whose environment update is what the Spark UI's
 * Environment page shows (Spark, Hadoop and system properties).
 */
class SecretLeakTest {
    private static final String PASSWORD = "Vp-Leak-Canary-" + UUID.randomUUID();
    /** A Spark property that must show up in the event log's environment, so the search is known to see it. */
    private static final String PROBE = "vp-probe-" + UUID.randomUUID();
    @TempDir
    Path work;

    @Test
    void aRunLeavesThePasswordNowhere() throws Exception {
        try (FakesnowServer fakesnow = FakesnowServer.start("VPLEAK", "MARTS")) {
            Path events = Files.createDirectories(work.resolve("spark-events"));
            CliProcess.Result run = run(fakesnow, events);
            assertEquals(0, run.exitCode(), run.stderr()); // without a password the run would stop at the login

            assertNoPassword("stdout (the run report)", run.stdout());
            assertNoPassword("stderr", run.stderr());
            String runs = pipelineRuns(fakesnow);
            assertNoPassword(Tables.PIPELINE_RUNS, runs);
            String runId = runs.lines().findFirst().orElseThrow().split("\t")[0];
            assertTrue(run.stdout().contains(runId), "the report names the run that was searched for: " + run.stdout());

            List<Path> files = filesUnder(work);
            for (Path file : files) {
                assertNoPassword(work.relativize(file).toString(), Files.readString(file, StandardCharsets.ISO_8859_1));
            }
            assertTrue(files.stream().filter(f -> f.startsWith(events)).anyMatch(SecretLeakTest::holdsEnvironmentUpdate),
                    "Spark wrote an event log with the environment: " + files);
        }
    }

    private CliProcess.Result run(FakesnowServer fakesnow, Path events) throws Exception {
        Path conf = work.resolve("leak.conf");
        Files.writeString(conf, "vantagepoint.snowflake { comments = false }\n");
        Map<String, String> env = new HashMap<>(fakesnow.environment());
        env.put("SNOWFLAKE_PASSWORD", PASSWORD);
        env.put("VANTAGEPOINT_HOME", work.resolve("home").toString());
        List<String> jvm = List.of("-Dspark.eventLog.enabled=true", "-Dspark.eventLog.dir=" + events.toUri(),
                "-Dspark.vantagepoint.probe=" + PROBE,
                "-Djava.io.tmpdir=" + Files.createDirectories(work.resolve("tmp")));
        return CliProcess.run(work, env, jvm, "run", "--conf", conf.toString(),
                "--input", JobFixtures.resource("golden").toString(), "--warehouse", "snowflake",
                "--as-of", "2026-11-25", "--history-weeks", "0");
    }

    private static void assertNoPassword(String where, String text) {
        assertFalse(text.contains(PASSWORD), "the password appears in " + where);
    }

    /** Every column of every PIPELINE_RUNS row as text, run id first, one row per line. */
    private static String pipelineRuns(FakesnowServer fakesnow) throws Exception {
        StringBuilder rows = new StringBuilder();
        try (Connection c = fakesnow.connect(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + Columns.RUN_ID + ", * FROM " + Tables.PIPELINE_RUNS)) {
            int columns = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<String> values = new ArrayList<>();
                for (int i = 1; i <= columns; i++) {
                    values.add(String.valueOf(rs.getString(i)));
                }
                rows.append(String.join("\t", values)).append('\n');
            }
        }
        assertFalse(rows.isEmpty(), "the run recorded itself");
        return rows.toString();
    }

    private static List<Path> filesUnder(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).toList();
        }
    }

    private static boolean holdsEnvironmentUpdate(Path eventLog) {
        try {
            String text = Files.readString(eventLog, StandardCharsets.ISO_8859_1);
            return text.contains("SparkListenerEnvironmentUpdate") && text.contains("System Properties") && text.contains(PROBE);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
