package com.vantagepoint.pipeline.job;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.storage.S3ProxyServer;
import com.vantagepoint.scoring.testing.FakesnowServer;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.Warehouses;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.health.HealthModel;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The copy load staged through S3, as on a cluster: Spark writes the run's Parquet through s3a to S3Proxy (objects
 * kept as files), and Snowflake (fakesnow's server) loads it from an external stage over the same storage. A real
 * account's stage would say {@code URL = 's3://vp-stage/marts' STORAGE_INTEGRATION = ...}; fakesnow reads S3 only
 * through DuckDB's httpfs extension, which cannot be downloaded here, so its stage names S3Proxy's directory.
 */
class SnowflakeS3StageTest {
    private static final String BUCKET = "vp-stage";
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");
    private static FakesnowServer snowflake;
    private static S3ProxyServer s3;
    @TempDir
    static Path storage;

    @BeforeAll
    static void start() throws Exception {
        snowflake = FakesnowServer.start("VPSTAGE", "MARTS");
        s3 = S3ProxyServer.startOnDisk(storage, BUCKET);
        S3ProxyServer.routeBucket(SharedSpark.spark().sparkContext().hadoopConfiguration(), BUCKET, s3.endpoint());
        Files.createDirectories(storage.resolve("elsewhere"));
        try (Connection c = snowflake.connect(); Statement st = c.createStatement()) {
            st.execute("CREATE STAGE VP_S3_STAGE URL = '" + storage.resolve(BUCKET).resolve("marts").toUri() + "'");
            st.execute("CREATE STAGE VP_WRONG_STAGE URL = '" + storage.resolve("elsewhere").toUri() + "'");
        }
    }

    @AfterAll
    static void stop() throws Exception {
        if (s3 != null) {
            s3.close();
        }
        if (snowflake != null) {
            snowflake.close();
        }
    }

    @Test
    void theRunIsLoadedFromTheExternalStageAndItsFilesAreDeletedAfterwards() throws Exception {
        // A stage over another place has none of the files: the COPY fails (Snowflake says the file was not found;
        // fakesnow answers HTTP 500) and nothing is published, so COPY reads the stage, not some other copy.
        RunFailedException wrong = assertThrows(RunFailedException.class,
                () -> JobFixtures.run("golden", AS_OF, 0, Map.of(), publisher("VP_WRONG_STAGE")));
        assertTrue(wrong.getMessage().contains("to Snowflake VPSTAGE.MARTS failed"), wrong.getMessage());
        assertEquals(0, count("SELECT COUNT(*) FROM " + Tables.ACCOUNT_HEALTH_HISTORY));

        JobFixtures.run("golden", AS_OF, 0, Map.of(), publisher("VP_S3_STAGE"));
        assertTrue(count("SELECT COUNT(*) FROM " + Tables.ACCOUNT_HEALTH_HISTORY) > 0);
        assertEquals(1, count("SELECT COUNT(*) FROM " + Tables.PIPELINE_RUNS + " WHERE status = 'published'"));
        try (Stream<Path> left = Files.list(storage.resolve(BUCKET))) {
            assertFalse(left.anyMatch(p -> p.getFileName().toString().equals("marts") && hasFiles(p)),
                    "the runs' staged files are deleted");
        }
    }

    @Test
    void aRunOverTheRejectThresholdIsRecordedAsFailedEvenWhenItsRejectsCannotBeStaged() throws Exception {
        RunFailedException failure = assertThrows(RunFailedException.class,
                () -> JobFixtures.run("bad", AS_OF, 0, Map.of(), publisher("VP_WRONG_STAGE")));
        assertTrue(failure.getMessage().contains("quality.max-reject-share"), failure.getMessage());
        try (Connection c = snowflake.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT status, error_message FROM " + Tables.PIPELINE_RUNS
                     + " WHERE run_id = '" + failure.runId() + "'")) {
            assertTrue(rs.next(), "the failed run has its PIPELINE_RUNS row");
            assertEquals("failed", rs.getString(1));
            String error = rs.getString(2);
            assertTrue(error.contains("quality.max-reject-share") && error.contains("its rejects could not be stored"),
                    error);
        }
        assertEquals(0, count("SELECT COUNT(*) FROM " + Tables.REJECTED_RECORDS + " WHERE run_id = '"
                + failure.runId() + "'"));
    }

    private static long count(String sql) throws SQLException {
        try (Connection c = snowflake.connect(); Statement st = c.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static MartPublisher publisher(String stage) {
        Map<String, Object> settings = new HashMap<>(snowflake.settings());
        settings.put("snowflake.stage", stage);
        settings.put("snowflake.stage-location", "s3a://" + BUCKET + "/marts");
        com.typesafe.config.Config config = JobFixtures.config(settings);
        return Warehouses.open(config.getString("warehouse"), 0, HealthModel.fromConfig(config.getConfig("scoring")), config);
    }

    private static boolean hasFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.anyMatch(Files::isRegularFile);
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
