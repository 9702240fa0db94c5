package com.vantagepoint.pipeline.generate;

/**
 * The behaviour planted in an account. Shares are of all accounts; the planned volumes are tuned so
 * that, at the seed ratios (37.5 sessions and 3.25 transcripts per account), the health score puts
 * each archetype in the risk tier of the same name.
 */
public enum Archetype {
    /** Active up to the as-of date, many sessions and features, few errors, positive conversations. */
    HEALTHY(0.36),
    /** Usage declining, last active 1–4 weeks ago, more errors, a ticket or two, sentiment sliding. */
    AT_RISK(0.26),
    /** Nearly silent for one to six months, high error rate, several negative tickets. */
    CRITICAL(0.17),
    /** {@code is_churned} with an end date before the as-of date; usage fades months before it. */
    CHURNED(0.19),
    /** Subscription starts after the as-of date: left out of the run. */
    FUTURE(0.02);

    final double share;

    Archetype(double share) {
        this.share = share;
    }

    /** Archetype at a position in [0, 1) of the (seed-permuted) account order. */
    static Archetype at(double position) {
        double cumulative = 0;
        for (Archetype a : values()) {
            cumulative += a.share;
            if (position < cumulative) {
                return a;
            }
        }
        return FUTURE;
    }

    /** The risk tier label the archetype is designed to land in; null for FUTURE. */
    public String expectedTier() {
        return this == FUTURE ? null : name().toLowerCase(java.util.Locale.ROOT);
    }
}
