package com.vantagepoint.pipeline.storage;

import com.vantagepoint.pipeline.CliOutcome;
import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.scoring.testing.LoopbackProcesses;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * generate and run against a real S3 endpoint (S3Proxy on loopback) through s3a: the marts published from S3 equal
 * those of the same data read from local disk, and storage faults are one-line errors that publish nothing.
 */
class S3aRoundTripTest {
    private static final String BUCKET = "vp-raw";
    private static final String MISSING_BUCKET = "vp-missing";
    private static final String DOWN_BUCKET = "vp-down";
    private static final String NO_CREDENTIALS_BUCKET = "vp-no-credentials";
    private static final String[] DATA = {"--accounts", "30", "--usage-logs", "600", "--transcripts", "60",
            "--seed", "7", "--as-of", "2026-11-25", "--bad-share", "0", "--gzip"};

    private static S3ProxyServer s3;

    @BeforeAll
    static void startS3() throws Exception {
        s3 = S3ProxyServer.start(BUCKET);
        Configuration conf = SharedSpark.spark().sparkContext().hadoopConfiguration();
        S3ProxyServer.routeBucket(conf, BUCKET, s3.endpoint());
        S3ProxyServer.routeBucket(conf, MISSING_BUCKET, s3.endpoint());
        S3ProxyServer.routeBucket(conf, DOWN_BUCKET, "http://127.0.0.1:" + LoopbackProcesses.freePort());
        S3ProxyServer.routeBucket(conf, NO_CREDENTIALS_BUCKET, s3.endpoint());
        // only the Hadoop-configuration keys, and none given: what a machine without keys or a role sees
        conf.set("fs.s3a.bucket." + NO_CREDENTIALS_BUCKET + ".aws.credentials.provider",
                "org.apache.hadoop.fs.s3a.SimpleAWSCredentialsProvider");
        conf.set("fs.s3a.bucket." + NO_CREDENTIALS_BUCKET + ".access.key", "");
        conf.set("fs.s3a.bucket." + NO_CREDENTIALS_BUCKET + ".secret.key", "");
    }

    @AfterAll
    static void stopS3() throws Exception {
        s3.close();
    }

    @Test
    void martsPublishedFromS3EqualThoseFromLocalDisk(@TempDir java.nio.file.Path tmp) throws Exception {
        java.nio.file.Path local = tmp.resolve("raw");
        CliOutcome generatedLocally = CliOutcome.execute(args("generate", "--out", local.toString()));
        assertEquals(0, generatedLocally.exit(), generatedLocally.err());
        CliOutcome generated = CliOutcome.execute(args("generate", "--out", "s3a://" + BUCKET + "/raw", "--conf", s3Conf(tmp).toString()));
        assertEquals(0, generated.exit(), generated.err());
        assertTrue(generated.out().startsWith("generated s3a://" + BUCKET + "/raw"), generated.out());
        assertTrue(exists("s3a://" + BUCKET + "/raw/crm/accounts/part-00000.json.gz"));

        List<String> fromLocal = publishedScores(run(local.toString(), tmp.resolve("wh-local")));
        List<String> fromS3 = publishedScores(run("s3a://" + BUCKET + "/raw", tmp.resolve("wh-s3")));
        assertFalse(fromS3.isEmpty());
        assertEquals(fromLocal, fromS3);
    }

    @Test
    void anUnreachableEndpointIsAOneLineErrorNamingTheUri(@TempDir java.nio.file.Path tmp) {
        long start = System.nanoTime();
        CliOutcome run = CliOutcome.execute("run", "--input", "s3a://" + DOWN_BUCKET + "/raw", "--warehouse", tmp.toString(),
                "--as-of", "2026-11-25");
        assertOneLineFailure(run, "s3a://" + DOWN_BUCKET + "/raw");
        assertTrue(run.err().contains("Connection refused"), run.err());
        assertTrue(System.nanoTime() - start < 30_000_000_000L, "took more than 30 s");
        assertNothingPublished(tmp);
    }

    @Test
    void missingCredentialsAreAOneLineError(@TempDir java.nio.file.Path tmp) {
        CliOutcome run = CliOutcome.execute("run", "--input", "s3a://" + NO_CREDENTIALS_BUCKET + "/raw", "--warehouse", tmp.toString(),
                "--as-of", "2026-11-25");
        assertOneLineFailure(run, "s3a://" + NO_CREDENTIALS_BUCKET + "/raw");
        assertTrue(run.err().contains("credentials"), run.err());
        assertNothingPublished(tmp);
    }

    @Test
    void debugAddsTheStackTrace(@TempDir java.nio.file.Path tmp) {
        CliOutcome run = CliOutcome.execute("run", "--debug", "--input", "s3a://" + DOWN_BUCKET + "/raw", "--warehouse", tmp.toString(),
                "--as-of", "2026-11-25");
        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().startsWith("error: s3a://" + DOWN_BUCKET + "/raw"), run.err());
        assertTrue(run.err().contains("\tat "), run.err());
    }

    @Test
    void aMissingBucketIsAOneLineError(@TempDir java.nio.file.Path tmp) {
        CliOutcome run = CliOutcome.execute("run", "--input", "s3a://" + MISSING_BUCKET + "/raw", "--warehouse", tmp.toString(),
                "--as-of", "2026-11-25");
        assertOneLineFailure(run, "s3a://" + MISSING_BUCKET + "/raw");
        assertTrue(run.err().contains("Bucket does not exist"), run.err());
        assertNothingPublished(tmp);
    }

    @Test
    void generateIntoAMissingBucketIsAOneLineError(@TempDir java.nio.file.Path tmp) throws Exception {
        CliOutcome generated = CliOutcome.execute(args("generate", "--out", "s3a://" + MISSING_BUCKET + "/raw", "--conf",
                s3Conf(tmp).toString()));
        assertOneLineFailure(generated, "s3a://" + MISSING_BUCKET + "/raw");
    }

    private static void assertOneLineFailure(CliOutcome outcome, String uri) {
        assertEquals(1, outcome.exit(), outcome.err());
        assertTrue(outcome.err().startsWith("error: " + uri), outcome.err());
        assertEquals(1, outcome.err().strip().lines().count(), outcome.err());
    }

    /** The warehouse records the failed run and keeps the previous (here: no) marts. */
    private static void assertNothingPublished(java.nio.file.Path warehouse) {
        assertEquals(List.of("failed|0"), query(warehouse,
                "SELECT (SELECT string_agg(status) FROM PIPELINE_RUNS) || '|' || (SELECT count(*) FROM ACCOUNT_HEALTH_SCORE)"));
    }

    private static java.nio.file.Path run(String input, java.nio.file.Path warehouse) {
        CliOutcome run = CliOutcome.execute("run", "--input", input, "--warehouse", warehouse.toString(), "--as-of", "2026-11-25",
                "--provider", "local");
        assertEquals(0, run.exit(), run.err());
        return warehouse;
    }

    private static List<String> publishedScores(java.nio.file.Path warehouse) {
        // every column but the run id, which differs between the two runs
        return query(warehouse, "SELECT * EXCLUDE (run_id) FROM ACCOUNT_HEALTH_SCORE ORDER BY account_id");
    }

    /** Rows of the current warehouse database as "column=value ..." lines. */
    private static List<String> query(java.nio.file.Path warehouse, String sql) {
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + current(warehouse), readOnly);
             ResultSet r = c.createStatement().executeQuery(sql)) {
            int columns = r.getMetaData().getColumnCount();
            while (r.next()) {
                StringBuilder row = new StringBuilder();
                for (int i = 1; i <= columns; i++) {
                    row.append(columns == 1 ? "" : r.getMetaData().getColumnName(i) + "=").append(r.getString(i)).append(' ');
                }
                rows.add(row.toString().strip());
            }
        } catch (Exception e) {
            throw new AssertionError(e);
        }
        return rows;
    }

    private static java.nio.file.Path current(java.nio.file.Path warehouse) throws Exception {
        return warehouse.resolve(Files.readString(warehouse.resolve("current")).trim());
    }

    /** The generator's S3 settings, as an operator would give them in a conf file. */
    private static java.nio.file.Path s3Conf(java.nio.file.Path dir) throws Exception {
        java.nio.file.Path file = dir.resolve("s3.conf");
        Files.writeString(file, "vantagepoint.s3 { endpoint = \"" + s3.endpoint() + "\", access-key-id = \""
                + S3ProxyServer.ACCESS_KEY + "\", secret-access-key = \"" + S3ProxyServer.SECRET_KEY + "\" }\n");
        return file;
    }

    private static boolean exists(String uri) throws Exception {
        Configuration conf = SharedSpark.spark().sparkContext().hadoopConfiguration();
        return FileSystem.get(URI.create(uri), conf).exists(new Path(uri));
    }

    private static String[] args(String... head) {
        String[] all = new String[head.length + DATA.length];
        System.arraycopy(head, 0, all, 0, head.length);
        System.arraycopy(DATA, 0, all, head.length, DATA.length);
        return all;
    }

}
