package com.vantagepoint.scoring.health;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The Account Health Score of SPEC §5 — the one definition of weights, caps, bands and tiers.
 * {@link #score} evaluates it in plain Java; the pipeline's Spark columns are generated from the same
 * accessors, and a property test keeps the two evaluations equal.
 *
 * <p>Arithmetic order matters for bit-equal doubles across both evaluators: each capped signal is
 * {@code min(value, cap) / cap * weight}, and the six points are summed in declaration order.
 */
public final class HealthModel {
    private final double sessionsWeight;
    private final long sessionsCap;
    private final double featuresWeight;
    private final long featuresCap;
    private final double errorsWeight;
    private final List<Band> recencyBands;
    private final double sentimentWeight;
    private final List<Band> supportBands;
    private final double negativeSentimentThreshold;
    private final double healthyMin;
    private final double atRiskMin;

    private HealthModel(Config scoring) {
        sessionsWeight = scoring.getDouble("sessions.weight");
        sessionsCap = positive(scoring, "sessions.cap");
        featuresWeight = scoring.getDouble("features.weight");
        featuresCap = positive(scoring, "features.cap");
        errorsWeight = scoring.getDouble("errors.weight");
        recencyBands = bands(scoring, "recency.bands", "max-days");
        sentimentWeight = scoring.getDouble("sentiment.weight");
        supportBands = bands(scoring, "support.bands", "max-tickets");
        negativeSentimentThreshold = scoring.getDouble("negative-sentiment-threshold");
        healthyMin = scoring.getDouble("tiers.healthy");
        atRiskMin = scoring.getDouble("tiers.at-risk");
        if (atRiskMin > healthyMin) {
            throw new ConfigException.BadValue("tiers.at-risk", "must not exceed tiers.healthy");
        }
    }

    /** @param scoring the {@code vantagepoint.scoring} subtree */
    public static HealthModel fromConfig(Config scoring) {
        return new HealthModel(scoring);
    }

    public HealthScore score(HealthSignals s) {
        double sessions = Math.min(s.totalSessions(), sessionsCap) / (double) sessionsCap * sessionsWeight;
        double features = Math.min(s.featuresAdopted(), featuresCap) / (double) featuresCap * featuresWeight;
        double errors = (1 - Math.min(s.errorRate(), 1.0)) * errorsWeight;
        double recency = s.daysSinceLastActive() == null ? 0 : bandPoints(recencyBands, s.daysSinceLastActive());
        double sentiment = (sentimentOrNeutral(s.avgSentiment()) + 1) / 2 * sentimentWeight;
        double support = bandPoints(supportBands, s.supportTicketCount());
        double total = roundHalfUp(sessions + features + errors + recency + sentiment + support, 1);
        return new HealthScore(sessions, features, errors, recency, sentiment, support, total, tier(total, s.churned()));
    }

    public RiskTier tier(double roundedScore, boolean churned) {
        if (churned) {
            return RiskTier.CHURNED;
        }
        if (roundedScore >= healthyMin) {
            return RiskTier.HEALTHY;
        }
        return roundedScore >= atRiskMin ? RiskTier.AT_RISK : RiskTier.CRITICAL;
    }

    /** Half-up rounding of the decimal form of {@code value}, as Spark's {@code round} does. */
    public static double roundHalfUp(double value, int places) {
        return BigDecimal.valueOf(value).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }

    private static double sentimentOrNeutral(Double avgSentiment) {
        return avgSentiment == null ? 0.0 : avgSentiment;
    }

    private static double bandPoints(List<Band> bands, long value) {
        for (Band band : bands) {
            if (value <= band.upTo()) {
                return band.points();
            }
        }
        return 0;
    }

    /** A stable fingerprint of the definition, recorded with every run for provenance. */
    public String definitionHash() {
        String canonical = String.join("|",
                "sessions", fmt(sessionsWeight), Long.toString(sessionsCap),
                "features", fmt(featuresWeight), Long.toString(featuresCap),
                "errors", fmt(errorsWeight),
                "recency", recencyBands.toString(),
                "sentiment", fmt(sentimentWeight),
                "support", supportBands.toString(),
                "negative", fmt(negativeSentimentThreshold),
                "tiers", fmt(healthyMin), fmt(atRiskMin));
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(canonical.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String fmt(double d) {
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
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

    public double sessionsWeight() { return sessionsWeight; }
    public long sessionsCap() { return sessionsCap; }
    public double featuresWeight() { return featuresWeight; }
    public long featuresCap() { return featuresCap; }
    public double errorsWeight() { return errorsWeight; }
    /** Recency bands in increasing order of days; beyond the last, or no usage, scores 0. */
    public List<Band> recencyBands() { return recencyBands; }
    public double sentimentWeight() { return sentimentWeight; }
    /** Support bands in increasing order of tickets; beyond the last scores 0. */
    public List<Band> supportBands() { return supportBands; }
    public double negativeSentimentThreshold() { return negativeSentimentThreshold; }
    public double healthyMin() { return healthyMin; }
    public double atRiskMin() { return atRiskMin; }
}
