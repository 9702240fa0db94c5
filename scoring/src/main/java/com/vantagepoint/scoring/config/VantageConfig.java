package com.vantagepoint.scoring.config;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.cli.CliErrors;
import com.typesafe.config.ConfigException;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigParseOptions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Loads the {@code vantagepoint} configuration once: command-line overrides, then a {@code --conf}
 * file, then {@code CONFIG_FORCE_*} environment variables, then the shipped {@code application.conf}
 * (which itself reads the friendly variables such as {@code VANTAGEPOINT_HOME}).
 */
public final class VantageConfig {
    public static final String ROOT = "vantagepoint";
    /** Keys below {@code vantagepoint} whose values are secrets (they may come from the environment). */
    public static final List<String> SECRET_KEYS = List.of("snowflake.password", "snowflake.private-key-file-pwd",
            "s3.secret-access-key", "s3.session-token", "alerts.webhook-url");

    private VantageConfig() {
    }

    /**
     * @param confFile  optional user file (HOCON); its keys win over the defaults
     * @param overrides dotted keys below {@code vantagepoint} (e.g. {@code run.as-of}) from flags
     * @return the resolved {@code vantagepoint} subtree
     * @throws ConfigException with a message naming the key or file when something is wrong
     */
    public static Config load(Path confFile, Map<String, ?> overrides) {
        ConfigFactory.invalidateCaches();
        Config flags = ConfigFactory.empty();
        for (Map.Entry<String, ?> e : overrides.entrySet()) {
            if (e.getValue() != null) {
                flags = flags.withValue(ROOT + "." + e.getKey(), ConfigFactory.parseMap(Map.of("v", e.getValue())).getValue("v"));
            }
        }
        Config file = ConfigFactory.empty();
        if (confFile != null) {
            if (!Files.isReadable(confFile)) {
                throw new CliErrors.UsageError("--conf " + confFile + ": not a readable file");
            }
            file = ConfigFactory.parseFile(confFile.toFile(), ConfigParseOptions.defaults().setAllowMissing(false));
        }
        Config defaults = ConfigFactory.parseResources(VantageConfig.class, "application.conf");
        Config merged = flags
                .withFallback(file)
                .withFallback(ConfigFactory.systemEnvironmentOverrides())
                .withFallback(defaults)
                .withFallback(ConfigFactory.systemProperties())
                .resolve();
        Config reference = defaults.withFallback(ConfigFactory.systemProperties()).resolve().getConfig(ROOT);
        rejectUnknownKeys(file, reference, String.valueOf(confFile));
        rejectUnknownKeys(flags, reference, "command-line flags");
        Config root = merged.getConfig(ROOT);
        root.checkValid(reference);
        checkScalarTypes(root, reference);
        return root;
    }

    /** checkValid accepts any string where a number is expected; read numbers and booleans now so a bad one is named at start. */
    private static void checkScalarTypes(Config root, Config reference) {
        for (Map.Entry<String, com.typesafe.config.ConfigValue> entry : reference.entrySet()) {
            switch (entry.getValue().valueType()) {
                case NUMBER -> root.getDouble(entry.getKey());
                case BOOLEAN -> root.getBoolean(entry.getKey());
                default -> { }
            }
        }
    }

    /** A misspelt key would otherwise be ignored silently; name it instead. */
    private static void rejectUnknownKeys(Config source, Config reference, String origin) {
        if (!source.hasPath(ROOT)) {
            return;
        }
        for (String key : source.getConfig(ROOT).entrySet().stream().map(Map.Entry::getKey).sorted().toList()) {
            if (!reference.hasPathOrNull(key)) {
                throw new ConfigException.BadPath(ROOT + "." + key, "unknown configuration key (from " + origin + ")");
            }
        }
    }

    /**
     * The configuration without its {@link #SECRET_KEYS}: what may be rendered into text that leaves the driver
     * (Spark serializes it into every task that builds an analyzer or insight generator on an executor).
     */
    public static Config withoutSecrets(Config vantagepoint) {
        Config c = vantagepoint;
        for (String key : SECRET_KEYS) {
            c = c.withoutPath(key);
        }
        return c;
    }

    public static Config defaults() {
        return load(null, Map.of());
    }
}
