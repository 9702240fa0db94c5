package com.vantagepoint.pipeline.warehouse;

import org.apache.spark.sql.types.DataType;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The one definition of the published tables: their columns in order, the SQL type (DuckDB spelling, which
 * Snowflake also accepts), the Spark type the pipeline must produce, and the description that becomes the
 * table or column comment in every warehouse.
 */
public final class MartCatalog {

    /** One column of a mart table. */
    public record Column(String name, String sqlType, DataType sparkType, String description) {
        public StructField field() {
            return DataTypes.createStructField(name, sparkType, true);
        }
    }

    /** One mart table: name, description and columns in their published order. */
    public record Table(String name, String description, List<Column> columns) {
        public StructType sparkSchema() {
            return DataTypes.createStructType(columns.stream().map(Column::field).toList());
        }

        public List<String> columnNames() {
            return columns.stream().map(Column::name).toList();
        }

        public Optional<Column> column(String columnName) {
            return columns.stream().filter(c -> c.name().equals(columnName)).findFirst();
        }
    }

    public static final String VARCHAR = "VARCHAR";
    public static final String DATE = "DATE";
    public static final String TIMESTAMP = "TIMESTAMP";
    public static final String BOOLEAN = "BOOLEAN";
    public static final String INTEGER = "INTEGER";
    public static final String BIGINT = "BIGINT";
    public static final String DOUBLE = "DOUBLE";
    public static final String MONEY = "DECIMAL(18,2)";

    private static final Map<String, Table> TABLES = new LinkedHashMap<>();

    static {
        List<Column> score = List.of(
                col("account_id", VARCHAR, "CRM account identifier, e.g. ACC-0001."),
                col("industry", VARCHAR, "Industry of the account as recorded in the CRM."),
                col("annual_revenue", MONEY, "Annual revenue of the account in GBP, from the CRM."),
                col("subscription_start_date", DATE, "Date the subscription started."),
                col("subscription_end_date", DATE, "Date the subscription ended or ends; null when open-ended."),
                col("is_churned", BOOLEAN, "True when the account is churned as of as_of_date (CRM flag set and end date on or before the as-of date)."),
                col("tier", VARCHAR, "Commercial tier: standard or enterprise."),
                col("account_owner_id", VARCHAR, "Identifier of the customer-success owner of the account."),
                col("tenure_days", INTEGER, "Days from subscription start to the end date, or to as_of_date when still open."),
                col("total_sessions", BIGINT, "Distinct product sessions up to the end of the as-of day."),
                col("active_users", BIGINT, "Distinct users with at least one session."),
                col("features_adopted", INTEGER, "Distinct product features used."),
                col("avg_session_duration", DOUBLE, "Mean session duration in seconds, 1 dp; null when the account has no usage."),
                col("error_rate", DOUBLE, "Share of sessions that hit an error code, 4 dp; 0 when no usage."),
                col("last_active_at", TIMESTAMP, "Timestamp (UTC) of the latest session; null when no usage."),
                col("days_since_last_active", INTEGER, "Calendar days from the last active date to as_of_date; null when no usage."),
                col("avg_sentiment", DOUBLE, "Mean transcript sentiment in [-1, 1], 3 dp; null when the account has no transcripts."),
                col("worst_sentiment", DOUBLE, "Lowest transcript sentiment; null when the account has no transcripts."),
                col("total_interactions", BIGINT, "Transcripts attributed to the account."),
                col("support_ticket_count", BIGINT, "Transcripts of type support_ticket."),
                col("sales_call_count", BIGINT, "Transcripts of type sales_call."),
                col("email_count", BIGINT, "Transcripts of type email."),
                col("negative_interaction_count", BIGINT, "Transcripts with sentiment below the negative threshold (-0.3)."),
                col("top_complaint_category", VARCHAR, "Most frequent complaint category (ties: lowest worst sentiment, then most recent); 'none' when no transcripts."),
                col("points_sessions", DOUBLE, "Health points from session volume (max 15), 2 dp."),
                col("points_features", DOUBLE, "Health points from feature adoption (max 15), 2 dp."),
                col("points_errors", DOUBLE, "Health points from the error rate (max 10), 2 dp."),
                col("points_recency", DOUBLE, "Health points from days since last active (max 20), 2 dp."),
                col("points_sentiment", DOUBLE, "Health points from average sentiment (max 25), 2 dp."),
                col("points_support", DOUBLE, "Health points from support-ticket burden (max 15), 2 dp."),
                col("health_score", DOUBLE, "Health score 0-100, the sum of the six points rounded half-up to 1 dp."),
                col("risk_tier", VARCHAR, "Risk tier from the score: healthy (>= 65), at_risk (>= 40), critical, or churned."),
                col("as_of_date", DATE, "The date the score is computed as of; only events up to the end of this day (UTC) count."),
                col("run_id", VARCHAR, "Pipeline run that produced the row (see PIPELINE_RUNS)."));
        add(MartPublisher.ACCOUNT_HEALTH_SCORE,
                "Customer health per account for the latest published as-of date: CRM fields, usage and interaction metrics, "
                        + "the six per-signal points, the score and the risk tier.", score);
        add(MartPublisher.ACCOUNT_HEALTH_HISTORY,
                "Customer health per account and as-of date (one row per account per date); publishing a date replaces that date.",
                score);
        add(MartPublisher.INTERACTION_TRANSCRIPTS_ENRICHED,
                "Customer interaction transcripts attributed to an account and enriched with sentiment and complaint category.",
                List.of(
                        col("interaction_id", VARCHAR, "Identifier of the interaction."),
                        col("account_id", VARCHAR, "Resolved account: the transcript's own account_id, else the account of its opportunity."),
                        col("source_account_id", VARCHAR, "account_id as received in the raw record; null when absent."),
                        col("opportunity_id", VARCHAR, "Opportunity the interaction refers to; null when absent."),
                        col("timestamp", TIMESTAMP, "When the interaction happened (UTC)."),
                        col("interaction_type", VARCHAR, "support_ticket, sales_call or email."),
                        col("transcript_body", VARCHAR, "Transcript text as received."),
                        col("attribution", VARCHAR, "How the account was resolved: direct or via_opportunity."),
                        col("sentiment_score", DOUBLE, "Sentiment in [-1, 1]; |s| <= 0.05 reads as neutral."),
                        col("complaint_category", VARCHAR, "billing, performance, bugs, feature_request, onboarding, security, data_quality or general."),
                        col("category_confidence", DOUBLE, "Confidence of the complaint category in [0, 1]."),
                        col("provider", VARCHAR, "Analysis provider that produced the enrichment: local or bedrock."),
                        col("model", VARCHAR, "Model (or local analyzer version) that produced the enrichment."),
                        col("enrichment_status", VARCHAR, "ok, repaired (model output fixed up) or fallback (local analyzer used after a provider failure)."),
                        col("run_id", VARCHAR, "Pipeline run that published the row.")));
        add(MartPublisher.ACCOUNT_INSIGHTS,
                "Per-account AI recommendation and transcript summary, regenerated only when the account's inputs change.",
                List.of(
                        col("account_id", VARCHAR, "CRM account identifier."),
                        col("recommendation", VARCHAR, "2-3 sentence actionable recommendation grounded in the account's numbers."),
                        col("transcript_summary", VARCHAR, "Narrative summary of the account's transcripts: themes, recurring issues, trajectory."),
                        col("provider", VARCHAR, "Provider that generated the insight: local or bedrock."),
                        col("model", VARCHAR, "Model (or local generator version) that generated the insight."),
                        col("input_hash", VARCHAR, "SHA-256 of the account's inputs; the insight is regenerated when it changes."),
                        col("as_of_date", DATE, "As-of date of the scores the insight was generated from."),
                        col("run_id", VARCHAR, "Pipeline run that published the row.")));
        add(MartPublisher.REJECTED_RECORDS,
                "Input records that were not staged, with the reason; every input record is either staged or here.",
                List.of(
                        col("run_id", VARCHAR, "Pipeline run that rejected the record."),
                        col("source", VARCHAR, "Source of the record: accounts, opportunities, usage_logs or transcripts."),
                        col("raw_record", VARCHAR, "The raw input line as received."),
                        col("reason_code", VARCHAR, "malformed_json, missing_key, bad_type, bad_value, unknown_account, unknown_opportunity, unattributed or duplicate."),
                        col("detail", VARCHAR, "Human-readable detail: the offending field and value."),
                        col("rejected_at", TIMESTAMP, "When the record was rejected (UTC).")));
        add(MartPublisher.PIPELINE_RUNS,
                "One row per pipeline run, published or failed: counts, timings, quality checks, AI usage and cost, provenance.",
                List.of(
                        col("run_id", VARCHAR, "Run identifier: run-<yyyyMMdd'T'HHmmss'Z'>-<6 hex>."),
                        col("as_of_date", DATE, "As-of date of the run."),
                        col("status", VARCHAR, "published or failed."),
                        col("started_at", TIMESTAMP, "When the run started (UTC)."),
                        col("finished_at", TIMESTAMP, "When the run finished (UTC)."),
                        col("history_weeks", INTEGER, "Weekly as-of dates before as_of_date scored in the same run."),
                        col("input_uri", VARCHAR, "Root of the raw input (local path or s3a:// URI)."),
                        col("counts_json", VARCHAR, "JSON: records read, staged and rejected per source and per reason."),
                        col("stage_timings_json", VARCHAR, "JSON: seconds spent per pipeline stage."),
                        col("quality_checks_json", VARCHAR, "JSON: summary of the data-quality checks (details in DATA_QUALITY_CHECKS)."),
                        col("ai_calls", BIGINT, "Calls made to the transcript-analysis provider."),
                        col("ai_retries", BIGINT, "Retried provider calls (throttling, 5xx, timeouts)."),
                        col("ai_fallbacks", BIGINT, "Records that fell back to the local analyzer."),
                        col("ai_cache_hits", BIGINT, "Records served from the enrichment cache."),
                        col("ai_input_tokens", BIGINT, "Input tokens sent to the provider."),
                        col("ai_output_tokens", BIGINT, "Output tokens received from the provider."),
                        col("ai_estimated_cost_usd", DOUBLE, "Estimated provider cost in USD."),
                        col("scoring_config_hash", VARCHAR, "Hash of the health-model definition used."),
                        col("analyzer_version", VARCHAR, "Version of the transcript analyzer."),
                        col("prompt_version", VARCHAR, "Version of the prompts sent to the provider."),
                        col("code_version", VARCHAR, "Version of the pipeline code."),
                        col("error_message", VARCHAR, "Why the run failed; null when published.")));
        add(MartPublisher.ENRICHMENT_CACHE,
                "Transcript analysis results cached by (body hash, provider, model, prompt version) so re-runs only analyze new text.",
                List.of(
                        col("body_sha256", VARCHAR, "SHA-256 (hex) of the transcript body."),
                        col("provider", VARCHAR, "Provider that produced the result."),
                        col("model", VARCHAR, "Model (or local analyzer version) that produced the result."),
                        col("prompt_version", VARCHAR, "Prompt version used."),
                        col("sentiment_score", DOUBLE, "Cached sentiment in [-1, 1]."),
                        col("complaint_category", VARCHAR, "Cached complaint category."),
                        col("category_confidence", DOUBLE, "Cached category confidence in [0, 1]."),
                        col("enrichment_status", VARCHAR, "ok or repaired (fallback results are not cached as provider results)."),
                        col("created_run_id", VARCHAR, "Run that first produced the entry.")));
        add(MartPublisher.DATA_QUALITY_CHECKS,
                "Data-quality check results per run (unique, not null, accepted values, relationships, publish audit).",
                List.of(
                        col("run_id", VARCHAR, "Run the check belongs to."),
                        col("check_name", VARCHAR, "Name of the check, e.g. unique, not_null, accepted_values, relationships."),
                        col("table_name", VARCHAR, "Table (or staged source) checked."),
                        col("column_name", VARCHAR, "Column checked; null for table-level checks."),
                        col("status", VARCHAR, "pass, fail or warn."),
                        col("failing_rows", BIGINT, "Rows that failed the check."),
                        col("detail", VARCHAR, "Detail: expectation, sample of failing values.")));
    }

    private MartCatalog() {
    }

    private static Column col(String name, String sqlType, String description) {
        return new Column(name, sqlType, sparkType(sqlType), description);
    }

    private static void add(String name, String description, List<Column> columns) {
        TABLES.put(name, new Table(name, description, List.copyOf(columns)));
    }

    static DataType sparkType(String sqlType) {
        return switch (sqlType) {
            case VARCHAR -> DataTypes.StringType;
            case DATE -> DataTypes.DateType;
            case TIMESTAMP -> DataTypes.TimestampType;
            case BOOLEAN -> DataTypes.BooleanType;
            case INTEGER -> DataTypes.IntegerType;
            case BIGINT -> DataTypes.LongType;
            case DOUBLE -> DataTypes.DoubleType;
            case MONEY -> DataTypes.createDecimalType(18, 2);
            default -> throw new IllegalArgumentException("no Spark type for " + sqlType);
        };
    }

    /** All tables, in publishing order. */
    public static List<Table> tables() {
        return new ArrayList<>(TABLES.values());
    }

    public static Table table(String name) {
        Table t = TABLES.get(name);
        if (t == null) {
            throw new IllegalArgumentException("unknown mart table " + name + "; known: " + TABLES.keySet());
        }
        return t;
    }

    public static boolean isTable(String name) {
        return TABLES.containsKey(name);
    }

    /** The Spark schema the pipeline must produce for a table (all columns nullable). */
    public static StructType sparkSchema(String table) {
        return table(table).sparkSchema();
    }

    /** Table name to its description. */
    public static Map<String, String> tableDescriptions() {
        Map<String, String> m = new LinkedHashMap<>();
        TABLES.values().forEach(t -> m.put(t.name(), t.description()));
        return m;
    }

    /** Column name to its description, for one table. */
    public static Map<String, String> columnDescriptions(String table) {
        Map<String, String> m = new LinkedHashMap<>();
        table(table).columns().forEach(c -> m.put(c.name(), c.description()));
        return m;
    }

    /** Accepted values of the enumerated columns, checked by the publish audit. */
    public static final List<String> RISK_TIERS = List.of("healthy", "at_risk", "critical", "churned");
    public static final List<String> ATTRIBUTIONS = List.of("direct", "via_opportunity");
    public static final List<String> ENRICHMENT_STATUSES = List.of("ok", "repaired", "fallback");
}
