package com.vantagepoint.pipeline.alerts;

import java.util.Locale;

/**
 * One account a run alerts on: its score and tier now and a week before (an alert always has both), and the
 * change worded by the signals that moved it ({@link com.vantagepoint.scoring.health.ScoreChangeReasons}).
 */
public record Alert(String accountId, double score, double scoreBefore, double change, String tier, String tierBefore,
                    ReasonKind reasonKind, String reason) {

    /** Why the account is alerted on; entering the critical tier wins when both apply. */
    public enum ReasonKind {
        ENTERED_CRITICAL, DROPPED;

        /** The payload's name: {@code entered_critical}, {@code dropped}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /**
     * The account's line in the report and the message:
     * {@code ACC-0042 (at_risk → critical) −18.5: recency −12 (last active 35 days ago, was 3)}.
     */
    public String line() {
        String tiers = tierBefore.equals(tier) ? tier : tierBefore + " \u2192 " + tier;
        return accountId + " (" + tiers + ") " + reason;
    }
}
