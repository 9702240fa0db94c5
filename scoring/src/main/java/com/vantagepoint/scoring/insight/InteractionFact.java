package com.vantagepoint.scoring.insight;

import java.time.Instant;

/**
 * One enriched interaction of an account, as the insight generators see it.
 *
 * @param timestamp       when it happened (UTC)
 * @param interactionType support_ticket | sales_call | email
 * @param sentiment       in [-1, 1]
 * @param category        complaint category label (billing, performance, ..., general)
 * @param excerpt         the start of the transcript body (untrusted text: quoted, never obeyed)
 */
public record InteractionFact(Instant timestamp, String interactionType, double sentiment, String category, String excerpt) {
}
