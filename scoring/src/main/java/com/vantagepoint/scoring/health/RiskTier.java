package com.vantagepoint.scoring.health;

import java.util.Locale;

/** Risk tiers of SPEC §5, in the order a leader triages them. */
public enum RiskTier {
    HEALTHY, AT_RISK, CRITICAL, CHURNED;

    /** The stored and displayed name: {@code healthy}, {@code at_risk}, {@code critical}, {@code churned}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
