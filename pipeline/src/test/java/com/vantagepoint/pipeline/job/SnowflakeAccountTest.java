package com.vantagepoint.pipeline.job;

import com.typesafe.config.Config;
import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.source.HadoopPathSource;
import com.vantagepoint.pipeline.source.RawSources;
import com.vantagepoint.pipeline.staging.AccountsStaging;
import com.vantagepoint.pipeline.staging.OpportunitiesStaging;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.Warehouses;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.snowflake.SnowflakeConnection;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Both load methods, and CRM read through each, end to end against a real Snowflake account: what fakesnow cannot
 * check (the connector needs Snowflake's cloud-backed internal stage and session parameters fakesnow lacks). Runs
 * only when {@code SNOWFLAKE_ACCOUNT}, {@code SNOWFLAKE_USER} and {@code SNOWFLAKE_PASSWORD} or
 * {@code SNOWFLAKE_PRIVATE_KEY_FILE} are set (with {@code SNOWFLAKE_DATABASE}, {@code SNOWFLAKE_WAREHOUSE},
 * {@code SNOWFLAKE_ROLE} as needed); it works in a schema of its own, created and dropped here, so the role needs
 * CREATE SCHEMA on the database.
 */
class SnowflakeAccountTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");
    private static Map<String, Object> settings;
    private static SnowflakeConnection connection;
    @TempDir
    static Path duckDir;

    /** Per test, so that each is reported as skipped with the reason; the schema is made for the first. */
    @BeforeEach
    void realAccount() throws SQLException, IOException {
        boolean credentials = set("SNOWFLAKE_PASSWORD") || set("SNOWFLAKE_PRIVATE_KEY_FILE");
        assumeTrue(set("SNOWFLAKE_ACCOUNT") && set("SNOWFLAKE_USER") && credentials,
                "no Snowflake account: set SNOWFLAKE_ACCOUNT, SNOWFLAKE_USER and SNOWFLAKE_PASSWORD or "
                        + "SNOWFLAKE_PRIVATE_KEY_FILE to run the load methods against a real account");
        if (connection == null) {
            scratchSchema();
        }
    }

    private static void scratchSchema() throws SQLException, IOException {
        settings = new HashMap<>();
        settings.put("warehouse", "snowflake");
        settings.put("snowflake.schema", "VP_TEST_" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt()).toUpperCase());
        SnowflakeConnection scratch = SnowflakeConnection.fromConfig(JobFixtures.config(settings));
        try (Connection c = scratch.open()) {
            CrmTables.execute(c, "CREATE SCHEMA " + scratch.location());
            connection = scratch;
            CrmTables.execute(c, "USE SCHEMA " + scratch.location());
            Path golden = JobFixtures.resource("golden");
            CrmTables.create(c, "ACCOUNTS", AccountsStaging.FIELDS, CrmTables.records(golden.resolve("crm/accounts")));
            CrmTables.create(c, "OPPORTUNITIES", OpportunitiesStaging.FIELDS, CrmTables.records(golden.resolve("crm/opportunities")));
        }
    }

    @AfterAll
    static void dropScratchSchema() throws SQLException {
        if (connection != null) {
            try (Connection c = connection.open()) {
                CrmTables.execute(c, "DROP SCHEMA IF EXISTS " + connection.location() + " CASCADE");
            }
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"copy", "connector"})
    void publishesTheSameScoresAsDuckDb(String loadMethod) throws SQLException {
        Config config = config(loadMethod, "files");
        MartPublisher snowflake = Warehouses.open("snowflake", 0, model(config), config);
        JobFixtures.run("golden", AS_OF, 0, Map.of(), snowflake);
        DuckDbWarehouse duck = new DuckDbWarehouse(duckDir.resolve(loadMethod), 1, model(config));
        JobFixtures.run("golden", AS_OF, 0, Map.of(), duck);

        assertEquals(scores(duck.readPublished(SharedSpark.spark(), Tables.ACCOUNT_HEALTH_SCORE).orElseThrow()),
                scores(snowflake.readPublished(SharedSpark.spark(), Tables.ACCOUNT_HEALTH_SCORE).orElseThrow()));
        try (Connection c = connection.open();
             ResultSet staged = c.getMetaData().getTables(connection.database(), connection.schema(), "VP_STAGED_%", null)) {
            assertEquals(false, staged.next(), "no staging tables left");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"copy", "connector"})
    void readsTheCrmTablesLikeTheFiles(String loadMethod) {
        Path golden = JobFixtures.resource("golden");
        InMemoryPublisher fromFiles = new InMemoryPublisher();
        PipelineJob.Result files = JobFixtures.run(new HadoopPathSource(golden.toString()), AS_OF, 0, Map.of(), fromFiles);
        InMemoryPublisher fromSnowflake = new InMemoryPublisher();
        PipelineJob.Result snowflake = JobFixtures.run(RawSources.open(golden.toString(), config(loadMethod, "snowflake")),
                AS_OF, 0, Map.of(), fromSnowflake);

        assertEquals(files.counts(), snowflake.counts());
        assertEquals(scores(fromFiles.tables.get(Tables.ACCOUNT_HEALTH_HISTORY).frame(SharedSpark.spark())),
                scores(fromSnowflake.tables.get(Tables.ACCOUNT_HEALTH_HISTORY).frame(SharedSpark.spark())));
    }

    private static Config config(String loadMethod, String crm) {
        Map<String, Object> s = new HashMap<>(settings);
        s.put("snowflake.load-method", loadMethod);
        s.put("crm.source", crm);
        return JobFixtures.config(s);
    }

    private static HealthModel model(Config config) {
        return HealthModel.fromConfig(config.getConfig("scoring"));
    }

    private static List<String> scores(Dataset<Row> frame) {
        return frame.select(Columns.ACCOUNT_ID, Columns.HEALTH_SCORE, Columns.RISK_TIER).collectAsList().stream()
                .map(Row::toString).sorted().toList();
    }

    private static boolean set(String variable) {
        String v = System.getenv(variable);
        return v != null && !v.isBlank();
    }
}
