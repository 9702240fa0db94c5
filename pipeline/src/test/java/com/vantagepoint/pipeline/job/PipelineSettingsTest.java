package com.vantagepoint.pipeline.job;

import com.typesafe.config.ConfigException;
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
        PipelineSettings.InvalidSetting e = assertThrows(PipelineSettings.InvalidSetting.class,
                () -> settings(Map.of(key, typed)));
        assertEquals(key, e.key());
        assertEquals(problem, e.problem());
        assertTrue(e.getMessage().startsWith("Invalid value at 'vantagepoint." + key + "': "), e.getMessage());
        assertTrue(e.getMessage().contains("(from "), e.getMessage());
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
    }

    @Test
    void anEmptyAcceptedListIsInvalid() {
        ConfigException e = assertThrows(PipelineSettings.InvalidSetting.class,
                () -> settings(Map.of("quality.accepted.account-tier", List.of())));
        assertTrue(e.getMessage().contains("vantagepoint.quality.accepted.account-tier"), e.getMessage());
    }
}
