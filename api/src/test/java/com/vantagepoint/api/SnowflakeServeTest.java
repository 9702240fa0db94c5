package com.vantagepoint.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vantagepoint.api.cli.ApiCli;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.testing.FakesnowServer;
import com.vantagepoint.scoring.testing.LoopbackProcesses;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Serving from Snowflake, end to end: raw data on S3 (S3Proxy), {@code run --warehouse snowflake} publishes it to
 * fakesnow's server, and the API reading Snowflake through snowflake-jdbc answers as it does over a DuckDB warehouse
 * that {@code run} built from the same input; a run published later is picked up within the refresh interval.
 * The pipeline runs in subprocesses (Spark's classpath never meets Javalin's).
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SnowflakeServeTest {
    private static final String BUCKET = "vp-raw";
    private static final String RAW = "s3a://" + BUCKET + "/raw";
    private static final String LATER = "2026-11-08";

    private static Path root;
    private static FakesnowServer fakesnow;
    private static S3Endpoint s3;
    private static Path duckdb;
    private static Path conf;

    @BeforeAll
    static void publishOneInputToSnowflakeAndToDuckDb() throws Exception {
        if (!TestWarehouse.pipelineAvailable()) {
            String reason = "the pipeline module is not built (run from the root: mvn -B verify)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(reason);
            }
            assumeTrue(false, reason);
        }
        fakesnow = FakesnowServer.start("VP_API", "MARTS");
        s3 = S3Endpoint.start(BUCKET);
        root = Files.createTempDirectory("vp-snowflake-serve");
        duckdb = root.resolve("wh");
        conf = root.resolve("snowflake.conf");
        // fakesnow keeps no column comments and fails on a comment containing a quote
        Files.writeString(conf, "vantagepoint.snowflake.comments = false\n");
        pipeline("generate", "--out", RAW, "--seed", "7", "--as-of", TestWarehouse.AS_OF, "--accounts", "60",
                "--usage-logs", "2400", "--transcripts", "240");
        pipeline("run", "--conf", conf.toString(), "--input", RAW, "--warehouse", "snowflake", "--as-of", TestWarehouse.AS_OF,
                "--history-weeks", "1");
        pipeline("run", "--input", RAW, "--warehouse", duckdb.toString(), "--as-of", TestWarehouse.AS_OF, "--history-weeks", "1");
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (fakesnow != null) {
            fakesnow.close();
        }
    }

    private static void pipeline(String... args) throws Exception {
        Map<String, String> env = new HashMap<>(s3.environment());
        env.putAll(fakesnow.environment());
        TestWarehouse.pipelineCli(root, env, args);
    }

    private static Map<String, Object> snowflake(int refreshSeconds) {
        Map<String, Object> s = new HashMap<>(fakesnow.settings());
        s.put("api.refresh-seconds", refreshSeconds);
        return s;
    }

    @Test
    @Order(1)
    void servesTheSameDashboardAccountsAndTranscriptsAsDuckDb() throws Exception {
        try (ApiFixture fromSnowflake = ApiFixture.start(snowflake(5)); ApiFixture fromDuckDb = ApiFixture.start(duckdb)) {
            String viewer = fromSnowflake.token("viewer1");
            String page = "/api/dashboard?limit=1000&sort=" + Columns.ACCOUNT_ID;
            JsonNode sf = fromSnowflake.get(page, viewer).json();
            JsonNode dd = fromDuckDb.get(page, fromDuckDb.token("viewer1")).json();
            JsonNode accounts = sf.get("page").get("accounts");
            assertEquals(dd.get("summary").get("total").asInt(), accounts.size(), "every staged account is served");
            assertTrue(accounts.size() > 50, sf.get("summary").toString());
            assertEquals(withoutRunIds(dd.get("page").get("accounts")), withoutRunIds(accounts),
                    "same accounts, metrics, points, scores and tiers");
            for (String figure : List.of("total", "counts", "histogram", "trend", "industries", "as_of_date")) {
                assertEquals(dd.get("summary").get(figure), sf.get("summary").get(figure), figure);
            }

            String analyst = fromSnowflake.token("analyst1");
            String busiest = busiestAccount(fromDuckDb, fromDuckDb.token("analyst1"), dd.get("page").get("accounts"));
            ApiFixture.Resp transcripts = fromSnowflake.get("/api/accounts/" + busiest + "/transcripts", analyst);
            assertEquals(200, transcripts.status(), transcripts.body());
            assertFalse(transcripts.json().path("transcripts").isEmpty(), transcripts.body());
            assertEquals(fromDuckDb.get("/api/accounts/" + busiest + "/transcripts", fromDuckDb.token("analyst1")).json()
                    .get("transcripts"), transcripts.json().get("transcripts"), "transcripts read per request from Snowflake, newest first");
            assertEquals(fromDuckDb.get("/api/accounts/" + busiest, fromDuckDb.token("viewer1")).json().get("history"),
                    fromSnowflake.get("/api/accounts/" + busiest, viewer).json().get("history"));
        }
    }

    @Test
    @Order(2)
    void picksUpANewlyPublishedRunWithinTheRefreshInterval() throws Exception {
        try (ApiFixture api = ApiFixture.start(snowflake(1))) {
            String viewer = api.token("viewer1");
            JsonNode before = api.get("/api/dashboard?limit=1", viewer).json().get("summary");
            pipeline("run", "--conf", conf.toString(), "--input", RAW, "--warehouse", "snowflake", "--as-of", LATER,
                    "--history-weeks", "0");
            long published = System.nanoTime();
            JsonNode after = before;
            while (after.get("run_id").equals(before.get("run_id")) && System.nanoTime() - published < 60_000_000_000L) {
                Thread.sleep(100);
                after = api.get("/api/dashboard?limit=1", viewer).json().get("summary");
            }
            long ms = (System.nanoTime() - published) / 1_000_000;
            assertNotEquals(before.get("run_id"), after.get("run_id"), "the new run is served");
            assertEquals(LATER, after.get("as_of_date").asText());
            assertEquals(before.get("total"), after.get("total"), "the same accounts, scored as of the later date");
            // one refresh interval plus loading the snapshot from fakesnow on shared cores
            assertTrue(ms < 20_000, "served " + ms + " ms after the publish");
            System.out.println("[SnowflakeServeTest] new run served " + ms + " ms after its publish");
        }
    }

    @Test
    void serveEndsWithOneLineWhenSnowflakeIsUnreachable() throws Exception {
        int closed = LoopbackProcesses.freePort(); // nothing listens there
        Map<String, String> env = new HashMap<>(fakesnow.environment());
        env.put("SNOWFLAKE_PORT", Integer.toString(closed));
        env.put("SNOWFLAKE_PASSWORD", "a-distinctive-secret-9f3b");
        CliRun r = serve(env, "serve", "--warehouse", "snowflake", "--port", "0");
        assertEquals(1, r.code(), r.err());
        List<String> lines = r.err().lines().filter(l -> !l.isBlank()).toList();
        assertEquals(1, lines.size(), r.err());
        assertTrue(lines.get(0).startsWith("error: ") && lines.get(0).contains("Snowflake VP_API.MARTS"), r.err());
        assertFalse(r.err().contains("a-distinctive-secret-9f3b") || r.out().contains("a-distinctive-secret-9f3b"));
    }

    private record CliRun(int code, String out, String err) {
    }

    /** The API command line in a JVM of its own, as the launcher starts it, with the Snowflake CLI's variables. */
    private static CliRun serve(Map<String, String> env, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        cmd.addAll(List.of(TestWarehouse.JAVA17_OPENS.split(" ")));
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), ApiCli.class.getName()));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(root, "serve-", ".out");
        Path err = Files.createTempFile(root, "serve-", ".err");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().put("VANTAGEPOINT_HOME", root.resolve("home").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(90, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("serve did not end within 90 s: " + Files.readString(err, StandardCharsets.UTF_8));
        }
        return new CliRun(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }

    private static JsonNode withoutRunIds(JsonNode accounts) {
        JsonNode copy = accounts.deepCopy();
        copy.forEach(a -> ((ObjectNode) a).remove(Columns.RUN_ID));
        return copy;
    }

    /** The account with the most transcripts (so the comparison covers ordering and every column). */
    private static String busiestAccount(ApiFixture api, String analyst, JsonNode accounts) throws Exception {
        String best = null;
        int most = -1;
        for (JsonNode a : accounts) {
            String id = a.get(Columns.ACCOUNT_ID).asText();
            int n = api.get("/api/accounts/" + id + "/transcripts", analyst).json().path("transcripts").size();
            if (n > most) {
                most = n;
                best = id;
            }
        }
        return best;
    }
}
