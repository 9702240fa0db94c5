package com.vantagepoint.pipeline.alerts;

import java.util.Locale;

/** One account a run alerts on: its score and tier now and a week before (an alert always has both). */
public record Alert(String accountId, double score, double scoreBefore, double change, String tier, String tierBefore,
                    ReasonKind reasonKind) {

    /** Why the account is alerted on; entering the critical tier wins when both apply. */
    public enum ReasonKind {
        ENTERED_CRITICAL, DROPPED;

        /** The payload's name: {@code entered_critical}, {@code dropped}. */
        public String label() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    /** The account's line in the report and the message: {@code ACC-0042 −18.5 (at_risk → critical)}. */
    public String line() {
        String delta = (change < 0 ? "\u2212" : "+") + String.format(Locale.ROOT, "%.1f", Math.abs(change));
        String tiers = tierBefore.equals(tier) ? tier : tierBefore + " \u2192 " + tier;
        return accountId + " " + delta + " (" + tiers + ")";
    }
}
