package com.vantagepoint.pipeline.marts;

import com.vantagepoint.pipeline.staging.Columns;

import java.util.List;

/** Column names of ACCOUNT_HEALTH_HISTORY / ACCOUNT_HEALTH_SCORE (CONTRACTS.md, SPEC §5 and §7). */
public final class MartColumns {
    private MartColumns() {
    }

    public static final String TENURE_DAYS = "tenure_days";
    // usage metrics
    public static final String TOTAL_SESSIONS = "total_sessions";
    public static final String ACTIVE_USERS = "active_users";
    public static final String FEATURES_ADOPTED = "features_adopted";
    public static final String AVG_SESSION_DURATION = "avg_session_duration";
    public static final String ERROR_RATE = "error_rate";
    public static final String LAST_ACTIVE_AT = "last_active_at";
    public static final String DAYS_SINCE_LAST_ACTIVE = "days_since_last_active";
    // interaction metrics
    public static final String AVG_SENTIMENT = "avg_sentiment";
    public static final String WORST_SENTIMENT = "worst_sentiment";
    public static final String TOTAL_INTERACTIONS = "total_interactions";
    public static final String SUPPORT_TICKET_COUNT = "support_ticket_count";
    public static final String SALES_CALL_COUNT = "sales_call_count";
    public static final String EMAIL_COUNT = "email_count";
    public static final String NEGATIVE_INTERACTION_COUNT = "negative_interaction_count";
    public static final String TOP_COMPLAINT_CATEGORY = "top_complaint_category";
    public static final String NO_COMPLAINT_CATEGORY = "none";
    // score
    public static final String POINTS_SESSIONS = "points_sessions";
    public static final String POINTS_FEATURES = "points_features";
    public static final String POINTS_ERRORS = "points_errors";
    public static final String POINTS_RECENCY = "points_recency";
    public static final String POINTS_SENTIMENT = "points_sentiment";
    public static final String POINTS_SUPPORT = "points_support";
    public static final String HEALTH_SCORE = "health_score";
    public static final String RISK_TIER = "risk_tier";
    public static final String RUN_ID = "run_id";

    /** The published columns, in order. */
    public static final List<String> HISTORY_COLUMNS = List.of(
            Columns.ACCOUNT_ID, Columns.INDUSTRY, Columns.ANNUAL_REVENUE, Columns.SUBSCRIPTION_START_DATE,
            Columns.SUBSCRIPTION_END_DATE, Columns.IS_CHURNED, Columns.TIER, Columns.ACCOUNT_OWNER_ID, TENURE_DAYS,
            TOTAL_SESSIONS, ACTIVE_USERS, FEATURES_ADOPTED, AVG_SESSION_DURATION, ERROR_RATE, LAST_ACTIVE_AT,
            DAYS_SINCE_LAST_ACTIVE, AVG_SENTIMENT, WORST_SENTIMENT, TOTAL_INTERACTIONS, SUPPORT_TICKET_COUNT,
            SALES_CALL_COUNT, EMAIL_COUNT, NEGATIVE_INTERACTION_COUNT, TOP_COMPLAINT_CATEGORY,
            POINTS_SESSIONS, POINTS_FEATURES, POINTS_ERRORS, POINTS_RECENCY, POINTS_SENTIMENT, POINTS_SUPPORT,
            HEALTH_SCORE, RISK_TIER, Columns.AS_OF_DATE, RUN_ID);
}
