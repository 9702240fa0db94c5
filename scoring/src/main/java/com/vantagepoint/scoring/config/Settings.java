package com.vantagepoint.scoring.config;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.util.List;

/**
 * Validated readers of single settings below {@code vantagepoint}, shared by every settings class so a range is
 * checked, and its failure worded, one way. A bad value is an {@link InvalidSetting} naming the key, the problem and
 * the file it came from, which the commands print as one line before exiting with status 2.
 */
public final class Settings {
    private Settings() {
    }

    /** A configuration value the product cannot use. */
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

    /** The value of {@code key} in {@code c} (the resolved {@code vantagepoint} tree) is unusable. */
    public static InvalidSetting invalid(Config c, String key, String problem) {
        return new InvalidSetting(key, problem, c.getValue(key).origin().description());
    }

    public static int atLeast(Config c, String key, int min) {
        int value = c.getInt(key);
        if (value < min) {
            throw invalid(c, key, (min == 0 ? "must not be negative" : "must be at least " + min) + ", got " + value);
        }
        return value;
    }

    public static double atLeast(Config c, String key, double min) {
        double value = c.getDouble(key);
        if (!(value >= min) || Double.isInfinite(value)) {
            throw invalid(c, key, "must be a number of at least " + min + ", got " + value);
        }
        return value;
    }

    public static int between(Config c, String key, int min, int max) {
        int value = c.getInt(key);
        if (value < min || value > max) {
            throw invalid(c, key, "must be between " + min + " and " + max + ", got " + value);
        }
        return value;
    }

    /** A count, size or duration that must be above 0. */
    public static double positive(Config c, String key) {
        double value = c.getDouble(key);
        if (!(value > 0) || Double.isInfinite(value)) {
            throw invalid(c, key, "must be a number above 0, got " + value);
        }
        return value;
    }

    public static String oneOf(Config c, String key, List<String> accepted) {
        String value = c.getString(key);
        if (!accepted.contains(value)) {
            throw invalid(c, key, "must be " + String.join(" or ", accepted) + ", got '" + value + "'");
        }
        return value;
    }

    /** A share or probability in [0, 1]. */
    public static double share(Config c, String key) {
        double value = c.getDouble(key);
        if (!(value >= 0 && value <= 1)) {
            throw invalid(c, key, "must be between 0 and 1, got " + value);
        }
        return value;
    }

    /** A share in (0, 1): a confidence level or a held-out part that must leave something on both sides. */
    public static double openShare(Config c, String key) {
        double value = c.getDouble(key);
        if (!(value > 0 && value < 1)) {
            throw invalid(c, key, "must be between 0 and 1 (exclusive), got " + value);
        }
        return value;
    }

    public static String nonBlank(Config c, String key) {
        String value = c.getString(key);
        if (value.isBlank()) {
            throw invalid(c, key, "must not be empty");
        }
        return value;
    }

    public static List<String> nonEmpty(Config c, String key) {
        List<String> values = c.getStringList(key);
        if (values.isEmpty()) {
            throw invalid(c, key, "must list at least one value");
        }
        return List.copyOf(values);
    }
}
