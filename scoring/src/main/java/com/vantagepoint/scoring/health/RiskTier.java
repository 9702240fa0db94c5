package com.vantagepoint.scoring.health;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Risk tiers, in the order a leader triages them; the score thresholds live in {@link HealthModel}. */
public enum RiskTier {
    HEALTHY("Healthy"), AT_RISK("At risk"), CRITICAL("Critical"), CHURNED("Churned");

    private final String displayName;

    RiskTier(String displayName) {
        this.displayName = displayName;
    }

    /** The stored and API name: {@code healthy}, {@code at_risk}, {@code critical}, {@code churned}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The name shown to people: "At risk". */
    public String displayName() {
        return displayName;
    }

    /** The name inside a sentence: "at risk". */
    public String phrase() {
        return displayName.toLowerCase(Locale.ROOT);
    }

    /** Every stored name, in triage order. */
    public static List<String> labels() {
        return Arrays.stream(values()).map(RiskTier::label).toList();
    }

    public static Optional<RiskTier> fromLabel(String label) {
        return Arrays.stream(values()).filter(t -> t.label().equals(label)).findFirst();
    }
}
