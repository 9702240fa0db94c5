package com.vantagepoint.scoring.insight;

import com.vantagepoint.scoring.catalog.Columns;

import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

/**
 * The metrics of one scored account row that an insight may cite; null where the account has no data.
 *
 * @param subscriptionEndDate the renewal (or end) date; null when open-ended
 * @param churned             churned as of the as-of date
 */
public record AccountMetrics(Integer tenureDays, Long totalSessions, Long activeUsers, Integer featuresAdopted,
                             Double avgSessionDuration, Double errorRate, Integer daysSinceLastActive,
                             Double avgSentiment, Double worstSentiment, Long totalInteractions,
                             Long supportTicketCount, Long salesCallCount, Long emailCount,
                             Long negativeInteractionCount, String topComplaintCategory,
                             LocalDate subscriptionEndDate, boolean churned) {

    /** No data at all: what an account with no usage and no transcripts looks like. */
    public static final AccountMetrics NONE = new AccountMetrics(null, null, null, null, null, null, null, null, null,
            null, null, null, null, null, null, null, false);

    /**
     * Reads every field from a scored row by its mart column name, so nothing the row holds is left behind.
     *
     * @param column column name -> value as the mart stores it (numbers, a {@code java.sql.Date} or
     *               {@code LocalDate} for dates, strings, booleans, or null)
     */
    public static AccountMetrics fromColumns(Function<String, Object> column) {
        return new AccountMetrics(
                integer(column.apply(Columns.TENURE_DAYS)),
                longValue(column.apply(Columns.TOTAL_SESSIONS)),
                longValue(column.apply(Columns.ACTIVE_USERS)),
                integer(column.apply(Columns.FEATURES_ADOPTED)),
                doubleValue(column.apply(Columns.AVG_SESSION_DURATION)),
                doubleValue(column.apply(Columns.ERROR_RATE)),
                integer(column.apply(Columns.DAYS_SINCE_LAST_ACTIVE)),
                doubleValue(column.apply(Columns.AVG_SENTIMENT)),
                doubleValue(column.apply(Columns.WORST_SENTIMENT)),
                longValue(column.apply(Columns.TOTAL_INTERACTIONS)),
                longValue(column.apply(Columns.SUPPORT_TICKET_COUNT)),
                longValue(column.apply(Columns.SALES_CALL_COUNT)),
                longValue(column.apply(Columns.EMAIL_COUNT)),
                longValue(column.apply(Columns.NEGATIVE_INTERACTION_COUNT)),
                (String) column.apply(Columns.TOP_COMPLAINT_CATEGORY),
                date(column.apply(Columns.SUBSCRIPTION_END_DATE)),
                Boolean.TRUE.equals(column.apply(Columns.IS_CHURNED)));
    }

    /** Every field under its mart column name, in the mart's order; what a prompt or a hash reads. */
    public Map<String, Object> byColumn() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(Columns.SUBSCRIPTION_END_DATE, subscriptionEndDate);
        m.put(Columns.IS_CHURNED, churned);
        m.put(Columns.TENURE_DAYS, tenureDays);
        m.put(Columns.TOTAL_SESSIONS, totalSessions);
        m.put(Columns.ACTIVE_USERS, activeUsers);
        m.put(Columns.FEATURES_ADOPTED, featuresAdopted);
        m.put(Columns.AVG_SESSION_DURATION, avgSessionDuration);
        m.put(Columns.ERROR_RATE, errorRate);
        m.put(Columns.DAYS_SINCE_LAST_ACTIVE, daysSinceLastActive);
        m.put(Columns.AVG_SENTIMENT, avgSentiment);
        m.put(Columns.WORST_SENTIMENT, worstSentiment);
        m.put(Columns.TOTAL_INTERACTIONS, totalInteractions);
        m.put(Columns.SUPPORT_TICKET_COUNT, supportTicketCount);
        m.put(Columns.SALES_CALL_COUNT, salesCallCount);
        m.put(Columns.EMAIL_COUNT, emailCount);
        m.put(Columns.NEGATIVE_INTERACTION_COUNT, negativeInteractionCount);
        m.put(Columns.TOP_COMPLAINT_CATEGORY, topComplaintCategory);
        return m;
    }

    private static Integer integer(Object v) {
        return v == null ? null : ((Number) v).intValue();
    }

    private static Long longValue(Object v) {
        return v == null ? null : ((Number) v).longValue();
    }

    private static Double doubleValue(Object v) {
        return v == null ? null : ((Number) v).doubleValue();
    }

    private static LocalDate date(Object v) {
        if (v == null) {
            return null;
        }
        return v instanceof java.sql.Date d ? d.toLocalDate() : (LocalDate) v;
    }
}
