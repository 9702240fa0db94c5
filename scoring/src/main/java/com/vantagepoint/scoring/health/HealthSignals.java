package com.vantagepoint.scoring.health;

/**
 * The signal values of one account as of a date, already rounded as the marts store them.
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

    /** The value a signal's rule scores; null when the account has no data for it. */
    public Number value(Signal signal) {
        return switch (signal) {
            case SESSIONS -> totalSessions;
            case FEATURES -> featuresAdopted;
            case ERRORS -> errorRate;
            case RECENCY -> daysSinceLastActive;
            case SENTIMENT -> avgSentiment;
            case SUPPORT -> supportTicketCount;
        };
    }
}
