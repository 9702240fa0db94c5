package com.vantagepoint.scoring.health;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;

/** A score with the unrounded points each signal contributed, so the product can explain it. */
public record HealthScore(Map<Signal, Double> points, double healthScore, RiskTier tier) {

    public HealthScore {
        points = Collections.unmodifiableMap(new EnumMap<>(points));
    }

    public double points(Signal signal) {
        return points.get(signal);
    }
}
