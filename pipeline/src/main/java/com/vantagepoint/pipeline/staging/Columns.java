package com.vantagepoint.pipeline.staging;

/** Column names of the raw fields and of the staged tables; raw and staged names are the same. */
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

    /** The scoring date a row belongs to (history runs carry several). */
    public static final String AS_OF_DATE = "as_of_date";
}
