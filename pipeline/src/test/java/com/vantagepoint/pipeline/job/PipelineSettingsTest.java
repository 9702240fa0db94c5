package com.vantagepoint.pipeline.job;

import com.typesafe.config.ConfigException;
import com.vantagepoint.scoring.config.Settings.InvalidSetting;
import com.vantagepoint.scoring.config.VantageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every pipeline key read and validated once; an invalid value is one line naming the key and its source. */
class PipelineSettingsTest {

    private static PipelineSettings settings(Map<String, ?> overrides) {
        return PipelineSettings.from(VantageConfig.load(null, overrides));
    }

    @Test
    void defaults() {
        PipelineSettings s = settings(Map.of());
        assertEquals(LocalDate.now(ZoneOffset.UTC), s.asOf());
        assertEquals(0, s.historyWeeks());
        assertEquals("local[2]", s.sparkMaster());
        assertEquals(4, s.shufflePartitions());
        assertFalse(s.adaptiveExecution());
        assertEquals(3, s.keepRuns());
        assertEquals(0.05, s.maxRejectShare());
        assertEquals(List.of("standard", "enterprise"), s.accepted().accountTiers());
        assertEquals(12, s.features().size());
        assertEquals(Provider.LOCAL, s.provider());
        assertFalse(s.reenrich());
        assertEquals("v1", s.promptVersion());
    }

    @Test
    void theProductionExampleIsAValidConfiguration() {
        PipelineSettings s = PipelineSettings.from(VantageConfig.load(java.nio.file.Path.of("..", "conf", "production.conf"), Map.of()));
        assertEquals("s3a://vantagepoint-data-lake/raw", s.input());
        assertEquals("snowflake", s.warehouse().toString());
        assertEquals(Provider.BEDROCK, s.provider());
        assertEquals(0.33, s.volumeGuard().maxChange());
        assertEquals("vantagepoint/snowflake", s.config().getString("snowflake.secret-id"));
    }

    /** conf/emr.conf and conf/glue.conf: s3a in, Snowflake out (login from Secrets Manager, COPY from an external stage), Bedrock. */
    @ParameterizedTest
    @CsvSource({"emr.conf, 8, 64", "glue.conf, 9, 72"})
    void theClusterExamplesAreValidConfigurations(String file, int executors, int shufflePartitions) {
        PipelineSettings s = PipelineSettings.from(VantageConfig.load(java.nio.file.Path.of("..", "conf", file), Map.of()));
        assertEquals("s3a://vantagepoint-data-lake/raw", s.input());
        assertEquals("snowflake", s.warehouse().toString());
        assertEquals(Provider.BEDROCK, s.provider());
        assertEquals(LocalDate.now(ZoneOffset.UTC), s.asOf());
        assertEquals(shufflePartitions, s.shufflePartitions());
        assertTrue(s.adaptiveExecution());
        assertEquals(0.33, s.volumeGuard().maxChange());
        com.typesafe.config.Config c = s.config();
        assertEquals("vantagepoint/snowflake", c.getString("snowflake.secret-id"));
        assertEquals("copy", c.getString("snowflake.load-method"));
        assertEquals("VANTAGEPOINT.MARTS.VP_LOAD_STAGE", c.getString("snowflake.stage"));
        assertTrue(c.getString("snowflake.stage-location").startsWith("s3a://"), c.getString("snowflake.stage-location"));
        // No secrets in the file (the environment of the machine running this test may still fill them).
        for (String key : List.of("snowflake.password", "snowflake.private-key-file-pwd", "s3.secret-access-key")) {
            assertTrue(VantageConfig.load(java.nio.file.Path.of("..", "conf", file), Map.of()).getString(key).equals(
                    VantageConfig.load(null, Map.of()).getString(key)), key + " is set in " + file);
        }
        Map<String, String> s3a = com.vantagepoint.pipeline.storage.S3aSettings.from(c);
        assertEquals("eu-west-2", s3a.get("fs.s3a.endpoint.region"));
        assertFalse(s3a.containsKey("fs.s3a.endpoint"), "no custom endpoint: AWS's");
        com.vantagepoint.scoring.analysis.bedrock.BedrockSettings bedrock =
                com.vantagepoint.scoring.analysis.bedrock.BedrockSettings.fromConfig(c);
        assertEquals(400 / executors, bedrock.requestsPerMinutePerExecutor());
    }

    @Test
    void asOfIsADateOrToday() {
        assertEquals(LocalDate.of(2026, 11, 25), settings(Map.of("run.as-of", "2026-11-25")).asOf());
        assertEquals(LocalDate.now(ZoneOffset.UTC), settings(Map.of("run.as-of", "TODAY")).asOf());
    }

    @Test
    void providerIsParsedOnce() {
        assertEquals(Provider.BEDROCK, settings(Map.of("enrichment.provider", " Bedrock ")).provider());
        assertEquals(Provider.LOCAL, Provider.parse("local"));
        assertEquals("bedrock", Provider.BEDROCK.label());
        assertThrows(IllegalArgumentException.class, () -> Provider.parse("openai"));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "run.as-of|25/11/2026|must be a date YYYY-MM-DD or 'today', got 25/11/2026",
            "run.history-weeks|-1|must not be negative, got -1",
            "run.shuffle-partitions|0|must be at least 1, got 0",
            "run.keep-runs|-1|must not be negative, got -1",
            "run.spark-master|' '|must not be empty",
            "input|' '|must not be empty",
            "warehouse|' '|must not be empty",
            "quality.max-reject-share|1.5|must be between 0 and 1, got 1.5",
            "enrichment.provider|openai|must be local or bedrock, was 'openai'",
            "enrichment.bedrock.prompt-version|' '|must not be empty",
    })
    void anInvalidValueNamesTheKeyAndItsSource(String key, String value, String problem) {
        Object typed = value.matches("-?[0-9]+") ? Integer.valueOf(value)
                : value.matches("-?[0-9.]+") ? Double.valueOf(value) : value;
        InvalidSetting e = assertThrows(InvalidSetting.class,
                () -> settings(Map.of(key, typed)));
        assertEquals(key, e.key());
        assertEquals(problem, e.problem());
        assertTrue(e.getMessage().startsWith("Invalid value at 'vantagepoint." + key + "': "), e.getMessage());
        assertTrue(e.getMessage().contains("(from "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void anEmptyAcceptedListIsInvalid() {
        ConfigException e = assertThrows(InvalidSetting.class,
                () -> settings(Map.of("quality.accepted.account-tier", List.of())));
        assertTrue(e.getMessage().contains("vantagepoint.quality.accepted.account-tier"), e.getMessage());
    }
}
