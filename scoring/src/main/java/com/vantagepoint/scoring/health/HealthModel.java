package com.vantagepoint.scoring.health;

import com.vantagepoint.scoring.config.Digests;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.io.Serializable;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * The Account Health Score — the one definition of the signals' rules, their maximum points, the tier thresholds
 * and the negative-sentiment threshold. {@link #score} evaluates it in plain Java; the pipeline translates the
 * same {@link PointsRule}s into Spark columns, and table comments, insight text, the API and the dashboard read
 * their numbers from here.
 *
 * <p>The score is the six points summed in {@link Signal} order, rounded half-up to 1 dp; the tier comes from
 * the rounded score (churned accounts are {@link RiskTier#CHURNED} whatever their score).
 */
public final class HealthModel implements Serializable {
    private static final long serialVersionUID = 1L;

    private final EnumMap<Signal, PointsRule> rules;
    private final double negativeSentimentThreshold;
    private final List<TierThreshold> thresholds;

    /** A tier and the lowest rounded score that earns it. */
    public record TierThreshold(RiskTier tier, double minScore) implements Serializable {
    }

    private HealthModel(Config scoring) {
        EnumMap<Signal, PointsRule> read = new EnumMap<>(Signal.class);
        read.put(Signal.SESSIONS, new PointsRule.CappedShare(positive(scoring, "sessions.cap"),
                scoring.getDouble("sessions.weight")));
        read.put(Signal.FEATURES, new PointsRule.CappedShare(positive(scoring, "features.cap"),
                scoring.getDouble("features.weight")));
        read.put(Signal.ERRORS, new PointsRule.ComplementOfRate(scoring.getDouble("errors.weight")));
        read.put(Signal.RECENCY, new PointsRule.Banded(bands(scoring, "recency.bands", "max-days"), "days"));
        read.put(Signal.SENTIMENT, new PointsRule.ShiftedUnit(scoring.getDouble("sentiment.weight")));
        read.put(Signal.SUPPORT, new PointsRule.Banded(bands(scoring, "support.bands", "max-tickets"), "tickets"));
        rules = read;
        negativeSentimentThreshold = scoring.getDouble("negative-sentiment-threshold");
        double healthyMin = scoring.getDouble("tiers.healthy");
        double atRiskMin = scoring.getDouble("tiers.at-risk");
        if (atRiskMin > healthyMin) {
            throw new ConfigException.BadValue("tiers.at-risk", "must not exceed tiers.healthy");
        }
        thresholds = List.of(new TierThreshold(RiskTier.HEALTHY, healthyMin),
                new TierThreshold(RiskTier.AT_RISK, atRiskMin));
    }

    /** @param scoring the {@code vantagepoint.scoring} subtree */
    public static HealthModel fromConfig(Config scoring) {
        return new HealthModel(scoring);
    }

    public HealthScore score(HealthSignals signals) {
        Map<Signal, Double> points = new EnumMap<>(Signal.class);
        double sum = 0;
        for (Signal signal : Signal.values()) {
            double p = rule(signal).points(signals.value(signal));
            points.put(signal, p);
            sum += p;
        }
        double total = roundHalfUp(sum, 1);
        return new HealthScore(points, total, tier(total, signals.churned()));
    }

    public RiskTier tier(double roundedScore, boolean churned) {
        if (churned) {
            return RiskTier.CHURNED;
        }
        for (TierThreshold t : thresholds) {
            if (roundedScore >= t.minScore()) {
                return t.tier();
            }
        }
        return floorTier();
    }

    /** The rule of one signal. */
    public PointsRule rule(Signal signal) {
        return rules.get(signal);
    }

    public double maxPoints(Signal signal) {
        return rule(signal).maxPoints();
    }

    /** The value at which a capped signal earns its full points (e.g. features adopted out of 12). */
    public long fullPointsAt(Signal signal) {
        Long full = rule(signal).fullPointsAt();
        if (full == null) {
            throw new IllegalArgumentException(signal.key() + " is not a capped signal");
        }
        return full;
    }

    /** The best possible score: every signal at its maximum. */
    public double maxScore() {
        double sum = 0;
        for (Signal signal : Signal.values()) {
            sum += maxPoints(signal);
        }
        return sum;
    }

    /** Scored tiers with their minimum rounded score, highest first; below the last is {@link #floorTier()}. */
    public List<TierThreshold> thresholds() {
        return thresholds;
    }

    /** The tier of a score below every threshold. */
    public RiskTier floorTier() {
        return RiskTier.CRITICAL;
    }

    /** The minimum score of a scored tier. */
    public double minScore(RiskTier tier) {
        return thresholds.stream().filter(t -> t.tier() == tier).findFirst()
                .orElseThrow(() -> new IllegalArgumentException(tier + " has no score threshold")).minScore();
    }

    /** Sentiment below this counts as a negative interaction. */
    public double negativeSentimentThreshold() {
        return negativeSentimentThreshold;
    }

    /** Half-up rounding of the decimal form of {@code value}, as Spark's {@code round} does. */
    public static double roundHalfUp(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }

    /** A number as people write it: 15, 0.5, -0.3. */
    public static String plain(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }

    /** A stable fingerprint of the definition, recorded with every run for provenance. */
    public String definitionHash() {
        StringBuilder canonical = new StringBuilder();
        rules.forEach((signal, rule) -> canonical.append(signal.key()).append('=').append(rule).append('|'));
        canonical.append("negative=").append(plain(negativeSentimentThreshold));
        thresholds.forEach(t -> canonical.append('|').append(t.tier().label()).append('=').append(plain(t.minScore())));
        return Digests.sha256Hex(canonical.toString()).substring(0, 16);
    }

    private static long positive(Config config, String path) {
        long value = config.getLong(path);
        if (value <= 0) {
            throw new ConfigException.BadValue(path, "must be positive, was " + value);
        }
        return value;
    }

    private static List<Band> bands(Config config, String path, String limitKey) {
        List<Band> bands = config.getConfigList(path).stream()
                .map(b -> new Band(b.getLong(limitKey), b.getDouble("points")))
                .toList();
        for (int i = 1; i < bands.size(); i++) {
            if (bands.get(i).upTo() <= bands.get(i - 1).upTo()) {
                throw new ConfigException.BadValue(path, "bands must be in increasing order of " + limitKey);
            }
        }
        return bands;
    }
}
