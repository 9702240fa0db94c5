package com.vantagepoint.pipeline.job;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.pipeline.staging.ValueRanges;
import com.vantagepoint.scoring.health.HealthModel;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;

/**
 * The pipeline's configuration, read and validated once. An invalid value is an {@link InvalidSetting} naming the
 * key and where the value was set.
 *
 * @param config the resolved {@code vantagepoint} tree, for the components configured from a {@link Config} of
 *               their own (transcript analyzers, insight generators)
 */
public record PipelineSettings(
        Path home,
        String input,
        Path warehouse,
        LocalDate asOf,
        int historyWeeks,
        String sparkMaster,
        int shufflePartitions,
        boolean adaptiveExecution,
        int keepRuns,
        double maxRejectShare,
        VolumeGuard volumeGuard,
        Accepted accepted,
        ValueRanges ranges,
        List<String> features,
        Provider provider,
        boolean reenrich,
        String promptVersion,
        HealthModel healthModel,
        Config config) {

    /** The accepted values of the categorical columns ({@code quality.accepted}). */
    public record Accepted(List<String> accountTiers, List<String> opportunityStages, List<String> interactionTypes) {
    }

    /** A configuration value the pipeline cannot use. */
    public static final class InvalidSetting extends ConfigException.BadValue {
        private static final long serialVersionUID = 1L;
        private final String key;
        private final String problem;

        public InvalidSetting(String key, String problem, String source) {
            super(VantageConfig.ROOT + "." + key, problem + " (from " + source + ")");
            this.key = key;
            this.problem = problem;
        }

        /** The key below {@code vantagepoint}, e.g. {@code run.as-of}. */
        public String key() {
            return key;
        }

        /** What is wrong with the value, without the key: "must not be negative, got -1". */
        public String problem() {
            return problem;
        }
    }

    /** @param c the resolved {@code vantagepoint} tree ({@link VantageConfig#load}) */
    public static PipelineSettings from(Config c) {
        return new PipelineSettings(
                Path.of(nonBlank(c, "home")),
                nonBlank(c, "input"),
                Path.of(nonBlank(c, "warehouse")),
                asOf(c, "run.as-of"),
                atLeast(c, "run.history-weeks", 0),
                nonBlank(c, "run.spark-master"),
                atLeast(c, "run.shuffle-partitions", 1),
                c.getBoolean("run.adaptive-execution"),
                atLeast(c, "run.keep-runs", 0),
                share(c, "quality.max-reject-share"),
                new VolumeGuard(atLeast(c, "quality.max-volume-change", 0.0), c.getBoolean("quality.accept-volume-change")),
                new Accepted(nonEmpty(c, "quality.accepted.account-tier"),
                        nonEmpty(c, "quality.accepted.opportunity-stage"),
                        nonEmpty(c, "quality.accepted.interaction-type")),
                ValueRanges.fromConfig(c.getConfig("quality.ranges")),
                nonEmpty(c, "features"),
                provider(c, "enrichment.provider"),
                c.getBoolean("enrichment.reenrich"),
                nonBlank(c, "enrichment.bedrock.prompt-version"),
                HealthModel.fromConfig(c.getConfig("scoring")),
                c);
    }

    /** The same settings reading the raw layer at {@code uri}. */
    public PipelineSettings withInput(String uri) {
        return new PipelineSettings(home, uri, warehouse, asOf, historyWeeks, sparkMaster, shufflePartitions,
                adaptiveExecution, keepRuns, maxRejectShare, volumeGuard, accepted, ranges, features, provider, reenrich,
                promptVersion, healthModel, config);
    }

    /** "today" is the current UTC date: as-of days are UTC days. */
    private static LocalDate asOf(Config c, String key) {
        String value = c.getString(key);
        if (value.equalsIgnoreCase("today")) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(c, key, "must be a date YYYY-MM-DD or 'today', got " + value);
        }
    }

    private static Provider provider(Config c, String key) {
        try {
            return Provider.parse(c.getString(key));
        } catch (IllegalArgumentException e) {
            throw invalid(c, key, e.getMessage());
        }
    }

    private static int atLeast(Config c, String key, int min) {
        int value = c.getInt(key);
        if (value < min) {
            throw invalid(c, key, (min == 0 ? "must not be negative" : "must be at least " + min) + ", got " + value);
        }
        return value;
    }

    private static double atLeast(Config c, String key, double min) {
        double value = c.getDouble(key);
        if (!(value >= min) || Double.isInfinite(value)) {
            throw invalid(c, key, "must be a number of at least " + min + ", got " + value);
        }
        return value;
    }

    private static double share(Config c, String key) {
        double value = c.getDouble(key);
        if (!(value >= 0 && value <= 1)) {
            throw invalid(c, key, "must be between 0 and 1, got " + value);
        }
        return value;
    }

    private static String nonBlank(Config c, String key) {
        String value = c.getString(key);
        if (value.isBlank()) {
            throw invalid(c, key, "must not be empty");
        }
        return value;
    }

    private static List<String> nonEmpty(Config c, String key) {
        List<String> values = c.getStringList(key);
        if (values.isEmpty()) {
            throw invalid(c, key, "must list at least one value");
        }
        return List.copyOf(values);
    }

    private static InvalidSetting invalid(Config c, String key, String problem) {
        return new InvalidSetting(key, problem, c.getValue(key).origin().description());
    }
}
