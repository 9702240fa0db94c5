package com.vantagepoint.scoring.health;

/** A score with the points each signal contributed, so the product can explain it. */
public record HealthScore(
        double pointsSessions,
        double pointsFeatures,
        double pointsErrors,
        double pointsRecency,
        double pointsSentiment,
        double pointsSupport,
        double healthScore,
        RiskTier tier) {
}
