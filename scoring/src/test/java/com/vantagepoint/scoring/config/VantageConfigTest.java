package com.vantagepoint.scoring.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.vantagepoint.scoring.cli.CliErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class VantageConfigTest {

    @Test
    void everyExampleConfigurationInConfLoads() throws IOException {
        List<Path> examples;
        try (Stream<Path> files = Files.list(Path.of("..", "conf"))) {
            examples = files.filter(p -> p.toString().endsWith(".conf")).toList();
        }
        assertTrue(examples.size() >= 2, "expected the environment examples beside application.conf");
        for (Path example : examples) {
            Config config = VantageConfig.load(example, Map.of());
            assertFalse(config.getString("enrichment.provider").isBlank(), example.toString());
        }
        assertEquals("bedrock", VantageConfig.load(Path.of("..", "conf", "production.conf"), Map.of()).getString("enrichment.provider"));
    }

    @Test
    void flagsWinOverTheFileWhichWinsOverDefaults(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("mine.conf");
        Files.writeString(file, "vantagepoint.run.history-weeks = 4\nvantagepoint.run.keep-runs = 9\n");
        Config config = VantageConfig.load(file, Map.of("run.history-weeks", 2));
        assertEquals(2, config.getInt("run.history-weeks"));
        assertEquals(9, config.getInt("run.keep-runs"));
        assertEquals(0.05, config.getDouble("quality.max-reject-share"));
    }

    @Test
    void aMisspeltKeyInAFileIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("typo.conf");
        Files.writeString(file, "vantagepoint.run.histroy-weeks = 4\n");
        ConfigException e = assertThrows(ConfigException.class, () -> VantageConfig.load(file, Map.of()));
        assertTrue(e.getMessage().contains("vantagepoint.run.histroy-weeks"), e.getMessage());
    }

    @Test
    void aWrongTypeIsNamed(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("bad.conf");
        Files.writeString(file, "vantagepoint.run.history-weeks = lots\n");
        ConfigException e = assertThrows(ConfigException.class, () -> VantageConfig.load(file, Map.of()));
        assertTrue(e.getMessage().contains("history-weeks"), e.getMessage());
    }

    @Test
    void aMissingFileIsReported(@TempDir Path dir) {
        // A file named on the command line that is not there is a bad argument (exit 2) naming the flag.
        CliErrors.UsageError e = assertThrows(CliErrors.UsageError.class,
                () -> VantageConfig.load(dir.resolve("nope.conf"), Map.of()));
        assertTrue(e.getMessage().contains("nope.conf"), e.getMessage());
    }

    @Test
    void theConfigurationRenderedForSparkTasksHoldsNoSecret() {
        Map<String, Object> secrets = Map.of("snowflake.password", "pw-canary", "snowflake.private-key-file-pwd", "kp-canary",
                "s3.secret-access-key", "sk-canary", "s3.session-token", "st-canary",
                "alerts.webhook-url", "https://hooks.example.com/services/wh-canary");
        assertEquals(VantageConfig.SECRET_KEYS.stream().sorted().toList(), secrets.keySet().stream().sorted().toList());
        Config safe = VantageConfig.withoutSecrets(VantageConfig.load(null, secrets));
        String rendered = safe.root().render();
        for (Object value : secrets.values()) {
            assertFalse(rendered.contains((String) value), rendered);
        }
        assertEquals(VantageConfig.defaults().getString("enrichment.provider"), safe.getString("enrichment.provider"));
    }
}
