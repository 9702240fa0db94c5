package com.vantagepoint.scoring.catalog;

import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.Signal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * The one definition of the published tables: their columns in order, the SQL type (DuckDB spelling, which
 * Snowflake also accepts) and the description that becomes the table or column comment in every warehouse.
 * Descriptions that quote the health model (maximum points, thresholds) are written from the configured
 * {@link HealthModel}, so a comment never disagrees with the numbers that produced the column.
 */
public final class MartCatalog {

    /**
     * One column of a mart table; its description may quote the health model. {@code formerName} is what an older
     * release called it (empty if never renamed): a warehouse published then keeps its values under the new name.
     */
    public record Column(String name, String sqlType, Function<HealthModel, String> describe, Optional<String> formerName) {
        public String description(HealthModel model) {
            return describe.apply(model);
        }

        /**
         * The name under which a table holds this column — its own, else its former name — given which names the table
         * has ({@code exists}: each warehouse compares names its own way); empty when it holds neither.
         */
        public Optional<String> nameIn(Predicate<String> exists) {
            return exists.test(name) ? Optional.of(name) : formerName.filter(exists);
        }

        Column formerly(String name) {
            return new Column(this.name, sqlType, describe, Optional.of(name));
        }
    }

    /** One mart table: name, description and columns in their published order. */
    public record Table(String name, String description, List<Column> columns) {
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

    /** Accepted values of the enumerated columns, checked by the publish audit. */
    public static final List<String> RISK_TIERS = RiskTier.labels();
    public static final List<String> ATTRIBUTIONS = List.of(Columns.ATTRIBUTION_DIRECT, Columns.ATTRIBUTION_VIA_OPPORTUNITY);
    public static final List<String> ENRICHMENT_STATUSES = List.of(Columns.STATUS_OK, Columns.STATUS_REPAIRED,
            Columns.STATUS_FALLBACK);

    /** Accepted values of SCORE_BACKTEST's figure column. */
    public static final List<String> BACKTEST_FIGURES = List.of(Columns.FIGURE_SCORE_AUC, Columns.FIGURE_TIER_CHURN_RATE,
            Columns.FIGURE_TIER_LIFT, Columns.FIGURE_CALIBRATION, Columns.FIGURE_SIGNAL_AUC, Columns.FIGURE_SUGGESTED_WEIGHT,
            Columns.FIGURE_HELDOUT_AUC);

    /** One week, in days: the step of the weekly history and the window alerts look back over. */
    public static final int WEEK_DAYS = 7;
    /**
     * Accepted values of ACCOUNT_SCORE_CHANGES' window_days: one week and four weeks back. Whole weeks, so with a
     * weekly history the earlier date is one the job scored.
     */
    public static final List<Integer> SCORE_CHANGE_WINDOWS = List.of(WEEK_DAYS, 4 * WEEK_DAYS);

    /** The key of ENRICHMENT_CACHE: a text's result is reused only for the same provider, model and prompt. */
    public static final List<String> ENRICHMENT_CACHE_KEY = List.of(Columns.BODY_SHA256, Columns.PROVIDER,
            Columns.MODEL, Columns.PROMPT_VERSION);

    private static final Map<String, Table> TABLES = new LinkedHashMap<>();

    static {
        List<Column> score = new ArrayList<>(List.of(
                col(Columns.ACCOUNT_ID, VARCHAR, "CRM account identifier, e.g. ACC-0001."),
                col(Columns.INDUSTRY, VARCHAR, "Industry of the account as recorded in the CRM."),
                col(Columns.ANNUAL_REVENUE, MONEY, "Annual revenue of the account in GBP, from the CRM."),
                col(Columns.SUBSCRIPTION_START_DATE, DATE, "Date the subscription started."),
                col(Columns.SUBSCRIPTION_END_DATE, DATE, "Date the subscription ended or ends; null when open-ended."),
                col(Columns.IS_CHURNED, BOOLEAN, "True when the account is churned as of as_of_date (CRM flag set and end date on or before the as-of date)."),
                col(Columns.TIER, VARCHAR, "Commercial tier: standard or enterprise."),
                col(Columns.ACCOUNT_OWNER_ID, VARCHAR, "Identifier of the customer-success owner of the account."),
                col(Columns.TENURE_DAYS, INTEGER, "Days from subscription start to the end date, or to as_of_date when still open."),
                col(Columns.TOTAL_SESSIONS, BIGINT, "Distinct product sessions up to the end of the as-of day."),
                col(Columns.ACTIVE_USERS, BIGINT, "Distinct users with at least one session."),
                col(Columns.FEATURES_ADOPTED, INTEGER, "Distinct product features used."),
                col(Columns.AVG_SESSION_DURATION, DOUBLE, "Mean session duration in seconds, 1 dp; null when the account has no usage."),
                col(Columns.ERROR_RATE, DOUBLE, "Share of sessions that hit an error code, 4 dp; 0 when no usage."),
                col(Columns.LAST_ACTIVE_AT, TIMESTAMP, "Timestamp (UTC) of the latest session; null when no usage."),
                col(Columns.DAYS_SINCE_LAST_ACTIVE, INTEGER, "Calendar days from the last active date to as_of_date; null when no usage."),
                col(Columns.AVG_SENTIMENT, DOUBLE, "Mean transcript sentiment in [-1, 1], 3 dp; null when the account has no transcripts."),
                col(Columns.WORST_SENTIMENT, DOUBLE, "Lowest transcript sentiment; null when the account has no transcripts."),
                col(Columns.TOTAL_INTERACTIONS, BIGINT, "Transcripts attributed to the account."),
                col(Columns.SUPPORT_TICKET_COUNT, BIGINT, "Transcripts of type support_ticket."),
                col(Columns.SALES_CALL_COUNT, BIGINT, "Transcripts of type sales_call."),
                col(Columns.EMAIL_COUNT, BIGINT, "Transcripts of type email."),
                col(Columns.NEGATIVE_INTERACTION_COUNT, BIGINT, m -> "Transcripts with sentiment below the negative threshold ("
                        + HealthModel.plain(m.negativeSentimentThreshold()) + ")."),
                col(Columns.TOP_COMPLAINT_CATEGORY, VARCHAR, "Most frequent complaint category (ties: lowest worst sentiment, then most recent); 'none' when no transcripts.")));
        for (Signal signal : Signal.values()) {
            score.add(col(signal.pointsColumn(), DOUBLE, m -> "Health points from " + signal.label() + " ("
                    + m.rule(signal).describe() + "), 2 dp."));
        }
        score.addAll(List.of(
                col(Columns.HEALTH_SCORE, DOUBLE, m -> "Health score 0-" + HealthModel.plain(m.maxScore())
                        + ", the sum of the points of every signal rounded half-up to 1 dp."),
                col(Columns.RISK_TIER, VARCHAR, MartCatalog::riskTierDescription),
                col(Columns.AS_OF_DATE, DATE, "The date the score is computed as of; only events up to the end of this day (UTC) count."),
                col(Columns.RUN_ID, VARCHAR, "Pipeline run that produced the row (see PIPELINE_RUNS).")));
        add(Tables.ACCOUNT_HEALTH_SCORE,
                "Customer health per account for the latest published as-of date: CRM fields, usage and interaction metrics, "
                        + "the points each signal earned, the score and the risk tier.", score);
        add(Tables.ACCOUNT_HEALTH_HISTORY,
                "Customer health per account and as-of date (one row per account per date); publishing a date replaces that date.",
                score);
        List<Column> changes = new ArrayList<>(List.of(
                col(Columns.ACCOUNT_ID, VARCHAR, "CRM account identifier."),
                col(Columns.WINDOW_DAYS, INTEGER, "How far back the change looks, in days: one of "
                        + SCORE_CHANGE_WINDOWS.stream().map(String::valueOf).collect(Collectors.joining(", ")) + "."),
                col(Columns.AS_OF_DATE, DATE, "The latest published as-of date: the score now."),
                col(Columns.AS_OF_DATE_BEFORE, DATE, "as_of_date minus window_days: the history date compared against."),
                col(Columns.HEALTH_SCORE, DOUBLE, "Health score at as_of_date."),
                col(Columns.HEALTH_SCORE_BEFORE, DOUBLE, "Health score at as_of_date_before; null when the account has no history row then."),
                col(Columns.SCORE_CHANGE, DOUBLE, "health_score minus health_score_before, 1 dp; null when there is nothing to compare with. "
                        + "Equals the sum of the points_<signal>_change columns up to the score's rounding."),
                col(Columns.RISK_TIER, VARCHAR, "Risk tier at as_of_date."),
                col(Columns.RISK_TIER_BEFORE, VARCHAR, "Risk tier at as_of_date_before; null when there is nothing to compare with."),
                col(Columns.TIER_CHANGED, BOOLEAN, "True when the risk tier differs from the one at as_of_date_before; null when there is nothing to compare with."),
                col(Columns.NEGATIVE_INTERACTION_COUNT, BIGINT, "Negative transcripts at as_of_date, for the reason behind a sentiment change."),
                col(Columns.TOP_COMPLAINT_CATEGORY, VARCHAR, "Most frequent complaint category at as_of_date.")));
        for (Signal signal : Signal.values()) {
            changes.add(col(signal.pointsChangeColumn(), DOUBLE, "Points from " + signal.label()
                    + " now minus then, 2 dp; null when there is nothing to compare with."));
            changes.add(col(signal.metricColumn(), DOUBLE, "The " + signal.label() + " metric at as_of_date."));
            changes.add(col(signal.metricBeforeColumn(), DOUBLE, "The " + signal.label()
                    + " metric at as_of_date_before; null when there is nothing to compare with."));
        }
        changes.add(col(Columns.RUN_ID, VARCHAR, "Pipeline run that published the row."));
        add(Tables.ACCOUNT_SCORE_CHANGES,
                "Movers: one row per account and window (7 and 28 days) comparing the latest score with the history, "
                        + "the change split by signal with the metric values then and now.", changes);
        add(Tables.INTERACTION_TRANSCRIPTS_ENRICHED,
                "Customer interaction transcripts attributed to an account and enriched with sentiment and complaint category.",
                List.of(
                        col(Columns.INTERACTION_ID, VARCHAR, "Identifier of the interaction."),
                        col(Columns.ACCOUNT_ID, VARCHAR, "Resolved account: the transcript's own account_id, else the account of its opportunity."),
                        col(Columns.SOURCE_ACCOUNT_ID, VARCHAR, "account_id as received in the raw record; null when absent."),
                        col(Columns.OPPORTUNITY_ID, VARCHAR, "Opportunity the interaction refers to; null when absent."),
                        col(Columns.TIMESTAMP, TIMESTAMP, "When the interaction happened (UTC)."),
                        col(Columns.INTERACTION_TYPE, VARCHAR, "support_ticket, sales_call or email."),
                        col(Columns.TRANSCRIPT_BODY, VARCHAR, "Transcript text as received."),
                        col(Columns.ATTRIBUTION, VARCHAR, "How the account was resolved: direct or via_opportunity."),
                        col(Columns.SENTIMENT_SCORE, DOUBLE, "Sentiment in [-1, 1]; |s| <= 0.05 reads as neutral."),
                        col(Columns.COMPLAINT_CATEGORY, VARCHAR, "billing, performance, bugs, feature_request, onboarding, security, data_quality or general."),
                        col(Columns.COMPLAINT_CONFIDENCE, DOUBLE, "Confidence of the complaint category in [0, 1]: at most 0.2 when general is only the fallback (no topic cue).")
                                .formerly(Columns.FORMER_CATEGORY_CONFIDENCE),
                        col(Columns.PROVIDER, VARCHAR, "Analysis provider that produced the enrichment: local or bedrock."),
                        col(Columns.MODEL, VARCHAR, "Model (or local analyzer version) that produced the enrichment."),
                        col(Columns.ENRICHMENT_STATUS, VARCHAR, "ok, repaired (model output fixed up) or fallback (local analyzer used after a provider failure)."),
                        col(Columns.RUN_ID, VARCHAR, "Pipeline run that published the row.")));
        add(Tables.ACCOUNT_INSIGHTS,
                "Per-account AI recommendation and transcript summary, regenerated only when the account's inputs change.",
                List.of(
                        col(Columns.ACCOUNT_ID, VARCHAR, "CRM account identifier."),
                        col(Columns.RECOMMENDATION, VARCHAR, "2-3 sentence actionable recommendation grounded in the account's numbers."),
                        col(Columns.TRANSCRIPT_SUMMARY, VARCHAR, "Narrative summary of the account's transcripts: themes, recurring issues, trajectory."),
                        col(Columns.PROVIDER, VARCHAR, "Provider that generated the insight: local or bedrock."),
                        col(Columns.MODEL, VARCHAR, "Model (or local generator version) that generated the insight."),
                        col(Columns.INPUT_HASH, VARCHAR, "SHA-256 of the account's inputs; the insight is regenerated when it changes."),
                        col(Columns.AS_OF_DATE, DATE, "As-of date of the scores the insight was generated from."),
                        col(Columns.RUN_ID, VARCHAR, "Pipeline run that published the row.")));
        add(Tables.REJECTED_RECORDS,
                "Input records that were not staged, with the reason; every input record is either staged or here.",
                List.of(
                        col(Columns.RUN_ID, VARCHAR, "Pipeline run that rejected the record."),
                        col(Columns.SOURCE, VARCHAR, "Source of the record: accounts, opportunities, usage_logs or transcripts."),
                        col(Columns.RAW_RECORD, VARCHAR, "The raw input line as received."),
                        col(Columns.REASON_CODE, VARCHAR, "malformed_json, missing_key, bad_type, bad_value, unknown_account, unknown_opportunity, unattributed or duplicate."),
                        col(Columns.DETAIL, VARCHAR, "Human-readable detail: the offending field and value."),
                        col(Columns.REJECTED_AT, TIMESTAMP, "When the record was rejected (UTC).")));
        add(Tables.PIPELINE_RUNS,
                "One row per pipeline run, published or failed: counts, timings, quality checks, AI usage and cost, provenance.",
                List.of(
                        col(Columns.RUN_ID, VARCHAR, "Run identifier: run-<yyyyMMdd'T'HHmmss'Z'>-<6 hex>."),
                        col(Columns.AS_OF_DATE, DATE, "As-of date of the run."),
                        col(Columns.STATUS, VARCHAR, "published or failed."),
                        col("started_at", TIMESTAMP, "When the run started (UTC)."),
                        col(Columns.FINISHED_AT, TIMESTAMP, "When the run finished (UTC)."),
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
                        col(Columns.PROMPT_VERSION, VARCHAR, "Version of the prompts sent to the provider."),
                        col("code_version", VARCHAR, "Version of the pipeline code."),
                        col("error_message", VARCHAR, "Why the run failed; null when published."),
                        col(Columns.ALERTS, BIGINT, "Accounts alerted on after the publish (entered the critical tier or dropped more "
                                + "than alerts.min-drop points in a week); null for a failed run or until the alerts are recorded."),
                        col(Columns.ALERT_DELIVERY, VARCHAR, "What became of the alerts' webhook post: "
                                + Columns.ALERT_SENT + ", " + Columns.ALERT_FAILED + "<reason>, " + Columns.ALERT_NOT_CONFIGURED
                                + " (no webhook-url) or " + Columns.ALERT_NOTHING_TO_SEND
                                + " (no alert, no post); null for a failed run or until the alerts are recorded."),
                        col(Columns.FILES_PARSED, BIGINT, "Raw files parsed by the run: new, rewritten in place (size or "
                                + "modification time changed) or last parsed under other staging rules; every file without the staged layer."),
                        col(Columns.FILES_REUSED, BIGINT, "Raw files whose records the run read from the staged layer, parsed by an earlier run."),
                        col(Columns.FILES_IGNORED, BIGINT, "Files under the sources that are not raw data (hidden, or not .json/.jsonl, "
                                + "optionally .gz), listed in the run report."),
                        col(Columns.INPUT_FINGERPRINT, VARCHAR, "SHA-256 of what the run read and how: every raw file's path, size and "
                                + "modification time, the staging rules, the scoring configuration and the dates scored; run --skip-unchanged "
                                + "compares it with the last published run for the same as-of date. Null when a source is a table.")));
        add(Tables.ENRICHMENT_CACHE,
                "Transcript analysis results cached by (body hash, provider, model, prompt version) so re-runs only analyze new text.",
                List.of(
                        col(Columns.BODY_SHA256, VARCHAR, "SHA-256 (hex) of the transcript body."),
                        col(Columns.PROVIDER, VARCHAR, "Provider that produced the result."),
                        col(Columns.MODEL, VARCHAR, "Model (or local analyzer version) that produced the result."),
                        col(Columns.PROMPT_VERSION, VARCHAR, "Prompt version used."),
                        col(Columns.SENTIMENT_SCORE, DOUBLE, "Cached sentiment in [-1, 1]."),
                        col(Columns.COMPLAINT_CATEGORY, VARCHAR, "Cached complaint category."),
                        col(Columns.COMPLAINT_CONFIDENCE, DOUBLE, "Cached complaint-category confidence in [0, 1].")
                                .formerly(Columns.FORMER_CATEGORY_CONFIDENCE),
                        col(Columns.ENRICHMENT_STATUS, VARCHAR, "ok or repaired (fallback results are not cached as provider results)."),
                        col(Columns.CREATED_RUN_ID, VARCHAR, "Run that first produced the entry.")));
        add(Tables.DATA_QUALITY_CHECKS,
                "Data-quality check results per run (unique, not null, accepted values, relationships, publish audit).",
                List.of(
                        col(Columns.RUN_ID, VARCHAR, "Run the check belongs to."),
                        col(Columns.CHECK_NAME, VARCHAR, "Name of the check, e.g. unique, not_null, accepted_values, relationships."),
                        col(Columns.TABLE_NAME, VARCHAR, "Table (or staged source) checked."),
                        col(Columns.COLUMN_NAME, VARCHAR, "Column checked; null for table-level checks."),
                        col(Columns.STATUS, VARCHAR, "pass, fail or warn."),
                        col(Columns.FAILING_ROWS, BIGINT, "Rows that failed the check."),
                        col(Columns.DETAIL, VARCHAR, "Detail: expectation, sample of failing values.")));
        add(Tables.SCORE_BACKTEST,
                "Does the health score predict churn: one row per figure of the latest `vantagepoint backtest`, with the "
                        + "accounts and churn events behind it. Replaced by each backtest, never applied to the score.",
                List.of(
                        col(Columns.BACKTEST_ID, VARCHAR, "Backtest that produced the row: backtest-<yyyyMMdd'T'HHmmss'Z'>-<6 hex>."),
                        col(Columns.COMPUTED_AT, TIMESTAMP, "When the backtest ran (UTC)."),
                        col(Columns.HORIZON_DAYS, INTEGER, "An account is a churner at an as-of date when it churned within this many days after it."),
                        col(Columns.FIRST_AS_OF_DATE, DATE, "Earliest as-of date the figure is computed from."),
                        col(Columns.LAST_AS_OF_DATE, DATE, "Latest as-of date the figure is computed from."),
                        col(Columns.FIGURE, VARCHAR, "What the row measures: " + String.join(", ", BACKTEST_FIGURES) + "."),
                        col(Columns.ITEM, VARCHAR, "What within the figure: health_score, a risk tier, a score band such as 30-40, "
                                + "a signal, or configured/suggested for heldout_auc."),
                        col(Columns.VALUE, DOUBLE, "The figure: ROC AUC (lower score = higher risk; 0.5 is chance), churn rate "
                                + "within the horizon, lift of critical over healthy, or the suggested weight in points."),
                        col(Columns.CI_LOW, DOUBLE, "Lower end of the bootstrap confidence interval of an AUC; null for other figures."),
                        col(Columns.CI_HIGH, DOUBLE, "Upper end of the bootstrap confidence interval of an AUC; null for other figures."),
                        col(Columns.MEAN_SCORE, DOUBLE, "Calibration: mean health score of the band's rows; null for other figures."),
                        col(Columns.CONFIGURED_WEIGHT, DOUBLE, "suggested_weight: the signal's configured maximum points; null otherwise."),
                        col(Columns.SUGGESTED_WEIGHT, DOUBLE, "suggested_weight: the points the logistic regression suggests, scaled to the configured maximum score; null otherwise."),
                        col(Columns.ACCOUNTS, BIGINT, "Distinct accounts behind the figure."),
                        col(Columns.OBSERVATIONS, BIGINT, "Labelled (account, as-of date) rows behind the figure."),
                        col(Columns.CHURN_EVENTS, BIGINT, "Distinct accounts among them that churned within the horizon."),
                        col(Columns.CHURNED_OBSERVATIONS, BIGINT, "Labelled rows whose account churned within the horizon."),
                        col(Columns.ENOUGH_DATA, BOOLEAN, "False when the figure rests on fewer accounts or churn events than backtest.min-accounts / min-churn-events: too few to judge."),
                        col(Columns.NOTE, VARCHAR, "Why a figure is missing or too few to judge; null otherwise.")));
    }

    private MartCatalog() {
    }

    private static Column col(String name, String sqlType, String description) {
        return new Column(name, sqlType, m -> description, Optional.empty());
    }

    private static Column col(String name, String sqlType, Function<HealthModel, String> describe) {
        return new Column(name, sqlType, describe, Optional.empty());
    }

    private static void add(String name, String description, List<Column> columns) {
        TABLES.put(name, new Table(name, description, List.copyOf(columns)));
    }

    /** "healthy (>= 65), at_risk (>= 40), critical, or churned", from the model's thresholds. */
    private static String riskTierDescription(HealthModel model) {
        String scored = model.thresholds().stream()
                .map(t -> t.tier().label() + " (>= " + HealthModel.plain(t.minScore()) + ")")
                .collect(Collectors.joining(", "));
        return "Risk tier from the score: " + scored + ", " + model.floorTier().label() + ", or "
                + RiskTier.CHURNED.label() + ".";
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

    /** Column name to its description, for one table. */
    public static Map<String, String> columnDescriptions(String table, HealthModel model) {
        Map<String, String> m = new LinkedHashMap<>();
        table(table).columns().forEach(c -> m.put(c.name(), c.description(model)));
        return m;
    }
}
