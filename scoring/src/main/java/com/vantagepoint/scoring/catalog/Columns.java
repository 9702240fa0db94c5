package com.vantagepoint.scoring.catalog;

import com.vantagepoint.scoring.health.Signal;

/**
 * Column names of the raw records, the staged tables and the marts — the one place they are spelled. Raw and
 * staged names are the same; the health signals' metric and points columns come from {@link Signal}.
 */
public final class Columns {
    private Columns() {
    }

    // accounts
    public static final String ACCOUNT_ID = "account_id";
    public static final String INDUSTRY = "industry";
    public static final String ANNUAL_REVENUE = "annual_revenue";
    public static final String SUBSCRIPTION_START_DATE = "subscription_start_date";
    public static final String SUBSCRIPTION_END_DATE = "subscription_end_date";
    public static final String IS_CHURNED = "is_churned";
    public static final String TIER = "tier";
    public static final String ACCOUNT_OWNER_ID = "account_owner_id";

    // opportunities
    public static final String OPPORTUNITY_ID = "opportunity_id";
    public static final String PRODUCT_CODE = "product_code";
    public static final String STAGE = "stage";
    public static final String AMOUNT_GBP = "amount_gbp";
    public static final String CLOSE_DATE = "close_date";
    public static final String LEAD_SOURCE = "lead_source";

    // usage logs
    public static final String SESSION_ID = "session_id";
    public static final String USER_ID = "user_id";
    public static final String FEATURE_USED = "feature_used";
    public static final String SESSION_DURATION_SECONDS = "session_duration_seconds";
    public static final String ERROR_CODES_ENCOUNTERED = "error_codes_encountered";
    public static final String TIMESTAMP = "timestamp";

    // transcripts
    public static final String INTERACTION_ID = "interaction_id";
    public static final String INTERACTION_TYPE = "interaction_type";
    public static final String TRANSCRIPT_BODY = "transcript_body";
    /** The account as received (nullable); {@link #ACCOUNT_ID} holds the resolved account. */
    public static final String SOURCE_ACCOUNT_ID = "source_account_id";
    public static final String ATTRIBUTION = "attribution";
    public static final String ATTRIBUTION_DIRECT = "direct";
    public static final String ATTRIBUTION_VIA_OPPORTUNITY = "via_opportunity";

    // enrichment
    public static final String SENTIMENT_SCORE = "sentiment_score";
    public static final String COMPLAINT_CATEGORY = "complaint_category";
    public static final String COMPLAINT_CONFIDENCE = "complaint_confidence";
    /** What {@link #COMPLAINT_CONFIDENCE} was called before 2026-12 (warehouses published then are migrated). */
    public static final String FORMER_CATEGORY_CONFIDENCE = "category_confidence";
    public static final String PROVIDER = "provider";
    public static final String MODEL = "model";
    public static final String ENRICHMENT_STATUS = "enrichment_status";
    public static final String STATUS_OK = "ok";
    public static final String STATUS_REPAIRED = "repaired";
    public static final String STATUS_FALLBACK = "fallback";
    public static final String BODY_SHA256 = "body_sha256";
    public static final String PROMPT_VERSION = "prompt_version";
    public static final String CREATED_RUN_ID = "created_run_id";

    /** The scoring date a row belongs to (history runs carry several). */
    public static final String AS_OF_DATE = "as_of_date";
    public static final String RUN_ID = "run_id";

    // health marts: CRM as of the date
    public static final String TENURE_DAYS = "tenure_days";
    // usage metrics
    public static final String TOTAL_SESSIONS = Signal.SESSIONS.metricColumn();
    public static final String ACTIVE_USERS = "active_users";
    public static final String FEATURES_ADOPTED = Signal.FEATURES.metricColumn();
    public static final String AVG_SESSION_DURATION = "avg_session_duration";
    public static final String ERROR_RATE = Signal.ERRORS.metricColumn();
    public static final String LAST_ACTIVE_AT = "last_active_at";
    public static final String DAYS_SINCE_LAST_ACTIVE = Signal.RECENCY.metricColumn();
    // interaction metrics
    public static final String AVG_SENTIMENT = Signal.SENTIMENT.metricColumn();
    public static final String WORST_SENTIMENT = "worst_sentiment";
    public static final String TOTAL_INTERACTIONS = "total_interactions";
    public static final String SUPPORT_TICKET_COUNT = Signal.SUPPORT.metricColumn();
    public static final String SALES_CALL_COUNT = "sales_call_count";
    public static final String EMAIL_COUNT = "email_count";
    public static final String NEGATIVE_INTERACTION_COUNT = "negative_interaction_count";
    public static final String TOP_COMPLAINT_CATEGORY = "top_complaint_category";
    public static final String NO_COMPLAINT_CATEGORY = "none";
    // score
    public static final String POINTS_SESSIONS = Signal.SESSIONS.pointsColumn();
    public static final String POINTS_FEATURES = Signal.FEATURES.pointsColumn();
    public static final String POINTS_ERRORS = Signal.ERRORS.pointsColumn();
    public static final String POINTS_RECENCY = Signal.RECENCY.pointsColumn();
    public static final String POINTS_SENTIMENT = Signal.SENTIMENT.pointsColumn();
    public static final String POINTS_SUPPORT = Signal.SUPPORT.pointsColumn();
    public static final String HEALTH_SCORE = "health_score";
    public static final String RISK_TIER = "risk_tier";

    // score changes (movers)
    public static final String WINDOW_DAYS = "window_days";
    public static final String AS_OF_DATE_BEFORE = "as_of_date_before";
    public static final String HEALTH_SCORE_BEFORE = "health_score_before";
    public static final String SCORE_CHANGE = "score_change";
    public static final String RISK_TIER_BEFORE = "risk_tier_before";
    public static final String TIER_CHANGED = "tier_changed";

    // insights
    public static final String RECOMMENDATION = "recommendation";
    public static final String TRANSCRIPT_SUMMARY = "transcript_summary";
    public static final String INPUT_HASH = "input_hash";

    // rejects
    public static final String SOURCE = "source";
    public static final String RAW_RECORD = "raw_record";
    public static final String REASON_CODE = "reason_code";
    public static final String DETAIL = "detail";
    public static final String REJECTED_AT = "rejected_at";

    // data-quality checks
    public static final String CHECK_NAME = "check_name";
    public static final String TABLE_NAME = "table_name";
    public static final String COLUMN_NAME = "column_name";
    public static final String STATUS = "status";
    public static final String FAILING_ROWS = "failing_rows";

    // score backtest
    public static final String BACKTEST_ID = "backtest_id";
    public static final String COMPUTED_AT = "computed_at";
    public static final String HORIZON_DAYS = "horizon_days";
    public static final String FIRST_AS_OF_DATE = "first_as_of_date";
    public static final String LAST_AS_OF_DATE = "last_as_of_date";
    public static final String FIGURE = "figure";
    public static final String ITEM = "item";
    public static final String VALUE = "value";
    public static final String CI_LOW = "ci_low";
    public static final String CI_HIGH = "ci_high";
    public static final String MEAN_SCORE = "mean_score";
    public static final String CONFIGURED_WEIGHT = "configured_weight";
    public static final String SUGGESTED_WEIGHT = "suggested_weight";
    public static final String ACCOUNTS = "accounts";
    public static final String OBSERVATIONS = "observations";
    public static final String CHURN_EVENTS = "churn_events";
    public static final String CHURNED_OBSERVATIONS = "churned_observations";
    public static final String ENOUGH_DATA = "enough_data";
    public static final String NOTE = "note";
    /** The {@link #FIGURE}s of SCORE_BACKTEST. */
    public static final String FIGURE_SCORE_AUC = "score_auc";
    public static final String FIGURE_TIER_CHURN_RATE = "tier_churn_rate";
    public static final String FIGURE_TIER_LIFT = "tier_lift";
    public static final String FIGURE_CALIBRATION = "calibration";
    public static final String FIGURE_SIGNAL_AUC = "signal_auc";
    public static final String FIGURE_SUGGESTED_WEIGHT = "suggested_weight";
    public static final String FIGURE_HELDOUT_AUC = "heldout_auc";

    // pipeline runs
    public static final String FINISHED_AT = "finished_at";
    /** The {@link #STATUS} of a run whose marts were published. */
    public static final String RUN_PUBLISHED = "published";
    public static final String FILES_PARSED = "files_parsed";
    public static final String FILES_REUSED = "files_reused";
    public static final String FILES_IGNORED = "files_ignored";
    public static final String INPUT_FINGERPRINT = "input_fingerprint";
    public static final String ALERTS = "alerts";
    public static final String ALERT_DELIVERY = "alert_delivery";
    /** {@link #ALERT_DELIVERY} values; a failed post is {@link #ALERT_FAILED} followed by the reason. */
    public static final String ALERT_SENT = "sent";
    public static final String ALERT_FAILED = "failed: ";
    public static final String ALERT_NOT_CONFIGURED = "not configured";
    public static final String ALERT_NOTHING_TO_SEND = "nothing to send";
}
