package com.vantagepoint.scoring.health;

/**
 * The signal values of one account as of a date (SPEC §5), already rounded as the marts store them.
 *
 * @param daysSinceLastActive null when the account has no usage up to the as-of date
 * @param avgSentiment        null when the account has no transcripts (scored as neutral, 0)
 */
public record HealthSignals(
        long totalSessions,
        int featuresAdopted,
        double errorRate,
        Integer daysSinceLastActive,
        Double avgSentiment,
        long supportTicketCount,
        boolean churned) {
}
