package com.vantagepoint.pipeline.cli;

import com.vantagepoint.pipeline.CliOutcome;
import com.vantagepoint.pipeline.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.Objects;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code run} through the CLI into a real DuckDB warehouse, and its argument errors. */
class RunCommandTest {

    @BeforeAll
    static void sharedSession() {
        SharedSpark.spark(); // the command reuses the test JVM's session and leaves it running
    }

    private static String golden() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(RunCommandTest.class.getClassLoader().getResource("golden")).toURI()).toString();
    }


    @Test
    void runPublishesTheMartsToTheWarehouse(@TempDir Path warehouse) throws Exception {
        CliOutcome run = CliOutcome.execute("run", "--input", golden(), "--warehouse", warehouse.toString(), "--as-of", "2026-11-25",
                "--history-weeks", "1", "--provider", "local");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("published"), run.out());
        Path current = warehouse.resolve(Files.readString(warehouse.resolve("current")).trim());
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + current, readOnly);
             ResultSet r = c.createStatement().executeQuery(
                     "SELECT (SELECT count(*) FROM ACCOUNT_HEALTH_SCORE), (SELECT count(DISTINCT as_of_date) FROM "
                             + "ACCOUNT_HEALTH_HISTORY), (SELECT max(health_score) FROM ACCOUNT_HEALTH_SCORE), "
                             + "(SELECT status FROM PIPELINE_RUNS)")) {
            r.next();
            assertEquals(3, r.getLong(1));
            assertEquals(2, r.getLong(2));
            assertTrue(r.getDouble(3) > 0 && r.getDouble(3) <= 100); // the real local analyzer, not the test double
            assertEquals("published", r.getString(4));
        }
    }

    @Test
    void badArgumentsAreOneLineErrors() {
        CliOutcome date = CliOutcome.execute("run", "--as-of", "25/11/2026");
        assertEquals(2, date.exit());
        assertEquals("error: --as-of must be a date YYYY-MM-DD or 'today', got 25/11/2026", date.err().strip());
        CliOutcome provider = CliOutcome.execute("run", "--provider", "openai");
        assertEquals(2, provider.exit());
        assertTrue(provider.err().startsWith("error: --provider must be local or bedrock"), provider.err());
        CliOutcome weeks = CliOutcome.execute("run", "--history-weeks", "-1");
        assertEquals(2, weeks.exit());
        CliOutcome conf = CliOutcome.execute("run", "--conf", "/no/such/file.conf");
        assertEquals(2, conf.exit());
        assertEquals("error: --conf /no/such/file.conf: not a readable file", conf.err().strip());
    }

    @Test
    void aFailedRunExitsNonZeroWithTheReason(@TempDir Path warehouse, @TempDir Path empty) {
        CliOutcome run = CliOutcome.execute("run", "--input", empty.toString(), "--warehouse", warehouse.toString(),
                "--as-of", "2026-11-25");
        assertEquals(1, run.exit());
        assertTrue(run.err().strip().startsWith("error: no valid accounts under"), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
    }

    @Test
    void aMistypedInputIsReportedBeforeSparkStarts(@TempDir Path warehouse) {
        CliOutcome run = CliOutcome.execute("run", "--input", warehouse.resolve("no-such-dir").toString(), "--warehouse",
                warehouse.toString(), "--as-of", "2026-11-25");
        assertEquals(2, run.exit());
        assertEquals("error: --input " + warehouse.resolve("no-such-dir")
                + " is not a directory (expected crm/, usage_logs/ and transcripts/ below it)", run.err().strip());
        assertTrue(!java.nio.file.Files.exists(warehouse.resolve("runs")), "nothing published");
    }

    @Test
    void smallGeneratedDataPassesTheDefaultRejectGate(@TempDir Path data, @TempDir Path warehouse) {
        CliOutcome generate = CliOutcome.execute("generate", "--out", data.toString(), "--accounts", "50", "--usage-logs", "1000",
                "--transcripts", "100", "--as-of", "2026-11-25");
        assertEquals(0, generate.exit(), generate.err());
        CliOutcome run = CliOutcome.execute("run", "--input", data.toString(), "--warehouse", warehouse.toString(),
                "--as-of", "2026-11-25");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains("published"), run.out());
    }

    @Test
    void aTruncatedGzipIsOneLineNamingTheFile(@TempDir Path data, @TempDir Path warehouse) throws Exception {
        copyGolden(data);
        Path usage;
        try (java.util.stream.Stream<Path> files = java.nio.file.Files.walk(data.resolve("usage_logs"))) {
            usage = files.filter(f -> f.toString().endsWith(".json")).findFirst().orElseThrow();
        }
        java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(gz)) {
            out.write(java.nio.file.Files.readAllBytes(usage));
        }
        Path truncated = Path.of(usage + ".gz");
        java.nio.file.Files.write(truncated, java.util.Arrays.copyOf(gz.toByteArray(), gz.size() / 2));
        java.nio.file.Files.delete(usage);
        CliOutcome run = CliOutcome.execute("run", "--input", data.toString(), "--warehouse", warehouse.toString(),
                "--as-of", "2026-11-25");
        assertEquals(1, run.exit());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: cannot read " + truncated.toUri() + ": EOFException"),
                run.err());
    }

    @Test
    void filesThatAreNotReadAreListedWithTheReason(@TempDir Path data, @TempDir Path warehouse) throws Exception {
        copyGolden(data);
        Files.writeString(data.resolve("crm/accounts/_SUCCESS"), "");
        Files.createDirectories(data.resolve("crm/accounts/_temporary"));
        Files.writeString(data.resolve("crm/accounts/_temporary/part-9.json"), "{\"account_id\":\"X\"}\n");
        Files.writeString(data.resolve("transcripts/notes.txt"), "not data\n");
        CliOutcome run = CliOutcome.execute("run", "--input", data.toString(), "--warehouse", warehouse.toString(),
                "--as-of", "2026-11-25");
        assertEquals(0, run.exit(), run.err());
        String hidden = "hidden: a name starting with _ or . is metadata by Hadoop convention";
        assertTrue(run.out().contains("ignored 3 file(s), not counted as read:"), run.out());
        assertTrue(run.out().contains("  crm/accounts/_SUCCESS (" + hidden + ")"), run.out());
        assertTrue(run.out().contains("  crm/accounts/_temporary/part-9.json (" + hidden + ")"), run.out());
        assertTrue(run.out().contains("  transcripts/notes.txt (not .json, .json.gz, .jsonl or .jsonl.gz)"), run.out());
    }

    @Test
    void versionPrintsTheVersionAndCommit() {
        for (String[] args : new String[][]{{"--version"}, {"run", "--version"}, {"generate", "-V"}}) {
            CliOutcome v = CliOutcome.execute(args);
            assertEquals(0, v.exit(), v.err());
            assertTrue(v.out().strip().matches("vantagepoint [0-9][^ ]* \\(commit [^ )]+\\)"), v.out());
        }
    }

    private static void copyGolden(Path data) throws Exception {
        Path golden = Path.of(golden());
        try (java.util.stream.Stream<Path> files = Files.walk(golden)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = data.resolve(golden.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }
}
