package com.vantagepoint.scoring.insight;

/**
 * What a generator says about one account.
 *
 * @param recommendation    2-3 actionable sentences grounded in the account's numbers
 * @param transcriptSummary narrative of the account's interactions: themes, recurring issues, trajectory
 */
public record AccountInsight(String recommendation, String transcriptSummary) {
}
