package com.vantagepoint.pipeline.job;

import com.vantagepoint.scoring.testing.FakesnowServer;
import com.vantagepoint.pipeline.warehouse.RunRecord;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code run --warehouse snowflake} from the pipeline CLI in a process of its own, whose Snowflake login (user,
 * password, account) exists only in a Secrets Manager secret on moto's server: without the secret the run stops with
 * one line naming it, with the secret it publishes to fakesnow. fakesnow accepts any password, so the first run is
 * what proves the login was looked for in Secrets Manager and nowhere else.
 */
class SnowflakeSecretsManagerTest {
    private static final String SECRET_ID = "vantagepoint/snowflake/config";
    private static FakesnowServer fakesnow;
    private static MotoServer moto;
    @TempDir
    static Path work;

    @BeforeAll
    static void startServers() throws Exception {
        fakesnow = FakesnowServer.start("VPSECRETS", "MARTS");
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopServers() {
        if (moto != null) {
            moto.close();
        }
        if (fakesnow != null) {
            fakesnow.close();
        }
    }

    @Test
    void theRunFailsWithoutTheSecretAndPublishesWithIt() throws Exception {
        CliProcess.Result missing = run();
        assertEquals(1, missing.exitCode(), missing.stderr());
        assertTrue(missing.lastErrorLine().startsWith("error: cannot read the Snowflake login from Secrets Manager secret "
                + SECRET_ID + ": no such secret (ResourceNotFoundException: "), missing.stderr());
        assertTrue(missing.stderr().lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace without --debug");
        assertEquals(0, publishedRuns(), "nothing published");

        moto.createSecret(SECRET_ID, "{\"username\": \"" + FakesnowServer.USER + "\", \"password\": \"from-secrets-manager\","
                + " \"account\": \"" + FakesnowServer.ACCOUNT + "\"}");
        CliProcess.Result published = run();
        assertEquals(0, published.exitCode(), published.stderr());
        assertEquals(1, publishedRuns());
    }

    /** The user's settings name the server and the secret but hold no user, password or account. */
    private static CliProcess.Result run() throws Exception {
        Path conf = work.resolve("secrets.conf");
        Files.writeString(conf, "vantagepoint.snowflake { comments = false }\n");
        Map<String, String> env = new HashMap<>(fakesnow.environment());
        env.keySet().removeAll(List.of("SNOWFLAKE_USER", "SNOWFLAKE_PASSWORD", "SNOWFLAKE_ACCOUNT"));
        env.putAll(moto.environment());
        env.put("VANTAGEPOINT_SNOWFLAKE_SECRET_ID", SECRET_ID);
        env.put("VANTAGEPOINT_HOME", work.resolve("home").toString());
        return CliProcess.run(work, env, List.of(), "run", "--conf", conf.toString(),
                "--input", JobFixtures.resource("golden").toString(), "--warehouse", "snowflake",
                "--as-of", "2026-11-25", "--history-weeks", "0");
    }

    private static long publishedRuns() throws Exception {
        try (Connection c = fakesnow.connect()) {
            if (!c.getMetaData().getTables(null, "MARTS", Tables.PIPELINE_RUNS, null).next()) {
                return 0;
            }
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + Tables.PIPELINE_RUNS
                         + " WHERE " + Columns.STATUS + " = '" + RunRecord.STATUS_PUBLISHED + "'")) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }
}
