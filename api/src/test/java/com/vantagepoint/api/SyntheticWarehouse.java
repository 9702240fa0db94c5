package com.vantagepoint.api;

import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.Signal;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Publishes a synthetic run into a local warehouse by SQL alone, following the layout and table
 * columns of the warehouse contract (timestamps as TIMESTAMPTZ in UTC, as the DuckDB publisher writes them;
 * runs/&lt;run_id&gt;.duckdb plus an atomically replaced
 * {@code current} pointer). Used by the tests until the pipeline can produce a real warehouse,
 * and by scripts/bench-api for 200,000-account warehouses.
 *
 * <p>{@code java ... SyntheticWarehouse DIR ACCOUNTS [HISTORY_WEEKS] [AS_OF] [SEED]}
 */
public final class SyntheticWarehouse {
    private static final HealthModel MODEL = HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring"));

    private SyntheticWarehouse() {
    }

    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args[0]);
        int n = Integer.parseInt(args[1]);
        int weeks = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String asOf = args.length > 3 ? args[3] : "2026-11-01";
        long seed = args.length > 4 ? Long.parseLong(args[4]) : 7;
        long t0 = System.nanoTime();
        String run = publish(dir, n, weeks, asOf, seed);
        System.out.printf(Locale.ROOT, "published %s with %d accounts in %.1f s%n", run, n, (System.nanoTime() - t0) / 1e9);
    }

    /** Writes one complete run database and switches {@code current} to it; returns the run id. */
    public static String publish(Path warehouse, int accounts, int historyWeeks, String asOf, long seed) throws Exception {
        return publish(warehouse, accounts, historyWeeks, asOf, seed, true);
    }

    /**
     * As {@link #publish(Path, int, int, String, long)}; without {@code scoreChangesAndBacktest} the run looks like
     * one published before ACCOUNT_SCORE_CHANGES and SCORE_BACKTEST existed.
     */
    public static String publish(Path warehouse, int accounts, int historyWeeks, String asOf, long seed,
                                 boolean scoreChangesAndBacktest) throws Exception {
        String runId = "run-" + DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC).format(Instant.now())
                + "-" + HexFormat.of().toHexDigits(ThreadLocalRandom.current().nextInt(1 << 24)).substring(2);
        Path runs = Files.createDirectories(warehouse.resolve("runs"));
        Path db = runs.resolve(runId + ".duckdb");
        int width = Math.max(4, Integer.toString(accounts).length());
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath()); Statement st = c.createStatement()) {
            st.execute("SET threads = 2");
            st.execute("SET TimeZone = 'UTC'");
            st.execute(historySql(accounts, historyWeeks, asOf, seed, runId, width));
            st.execute("CREATE TABLE ACCOUNT_HEALTH_SCORE AS SELECT * FROM ACCOUNT_HEALTH_HISTORY "
                    + "WHERE as_of_date = (SELECT max(as_of_date) FROM ACCOUNT_HEALTH_HISTORY) ORDER BY account_id");
            st.execute(transcriptsSql(seed, runId));
            st.execute(insightsSql(runId));
            st.execute("CREATE TABLE PIPELINE_RUNS (run_id VARCHAR, as_of_date DATE, status VARCHAR, started_at TIMESTAMPTZ, "
                    + "finished_at TIMESTAMPTZ, history_weeks INTEGER, input_uri VARCHAR, counts_json VARCHAR, stage_timings_json VARCHAR, "
                    + "quality_checks_json VARCHAR, ai_calls BIGINT, ai_retries BIGINT, ai_fallbacks BIGINT, ai_cache_hits BIGINT, "
                    + "ai_input_tokens BIGINT, ai_output_tokens BIGINT, ai_estimated_cost_usd DOUBLE, scoring_config_hash VARCHAR, "
                    + "analyzer_version VARCHAR, prompt_version VARCHAR, code_version VARCHAR, error_message VARCHAR)");
            st.execute("INSERT INTO PIPELINE_RUNS VALUES ('" + runId + "', DATE '" + asOf + "', 'published', "
                    + "now() - INTERVAL 2 MINUTE, now(), " + historyWeeks + ", 'synthetic', '{}', '{}', '[]', "
                    + "0, 0, 0, 0, 0, 0, 0.0, 'synthetic', 'local-analyzer-1', 'v1', 'test', NULL)");
            st.execute("CREATE TABLE REJECTED_RECORDS (run_id VARCHAR, source VARCHAR, raw_record VARCHAR, reason_code VARCHAR, "
                    + "detail VARCHAR, rejected_at TIMESTAMPTZ)");
            st.execute("CREATE TABLE ENRICHMENT_CACHE (body_sha256 VARCHAR, provider VARCHAR, model VARCHAR, prompt_version VARCHAR, "
                    + "sentiment_score DOUBLE, complaint_category VARCHAR, complaint_confidence DOUBLE, enrichment_status VARCHAR, created_run_id VARCHAR)");
            st.execute("CREATE TABLE DATA_QUALITY_CHECKS (run_id VARCHAR, check_name VARCHAR, table_name VARCHAR, column_name VARCHAR, "
                    + "status VARCHAR, failing_rows BIGINT, detail VARCHAR)");
            List<String> tables = new ArrayList<>(List.of("ACCOUNT_HEALTH_SCORE", "ACCOUNT_HEALTH_HISTORY",
                    "INTERACTION_TRANSCRIPTS_ENRICHED", "ACCOUNT_INSIGHTS", "PIPELINE_RUNS", "REJECTED_RECORDS", "ENRICHMENT_CACHE",
                    "DATA_QUALITY_CHECKS"));
            if (scoreChangesAndBacktest) {
                st.execute(createTable(Tables.ACCOUNT_SCORE_CHANGES));
                st.execute("INSERT INTO " + Tables.ACCOUNT_SCORE_CHANGES + " " + scoreChangesSql(runId));
                st.execute(createTable(Tables.SCORE_BACKTEST));
                st.execute("INSERT INTO " + Tables.SCORE_BACKTEST + " " + backtestSql(asOf, historyWeeks, accounts));
                tables.addAll(List.of(Tables.ACCOUNT_SCORE_CHANGES, Tables.SCORE_BACKTEST));
            }
            for (String t : tables) {
                st.execute("COMMENT ON TABLE " + t + " IS 'synthetic test data: " + t.toLowerCase(Locale.ROOT) + "'");
            }
            st.execute("CHECKPOINT");
        }
        Path tmp = warehouse.resolve("current.tmp");
        Files.writeString(tmp, "runs/" + runId + ".duckdb", StandardCharsets.UTF_8);
        Files.move(tmp, warehouse.resolve("current"), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return runId;
    }

    /** The table's DDL from the mart catalog: its columns, in order, with their types. */
    private static String createTable(String table) {
        return "CREATE TABLE " + table + " (" + MartCatalog.table(table).columns().stream()
                .map(c -> "\"" + c.name() + "\" " + c.sqlType()).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * Each account's latest score against each window before it, from the history, in the catalog's column order;
     * nulls where the account has no history row at the earlier date.
     */
    private static String scoreChangesSql(String runId) {
        StringBuilder perSignal = new StringBuilder();
        for (Signal s : Signal.values()) {
            perSignal.append(", round(n.").append(s.pointsColumn()).append(" - b.").append(s.pointsColumn()).append(", 2)")
                    .append(", CAST(n.").append(s.metricColumn()).append(" AS DOUBLE)")
                    .append(", CAST(b.").append(s.metricColumn()).append(" AS DOUBLE)");
        }
        String windows = MartCatalog.SCORE_CHANGE_WINDOWS.stream().map(w -> "(" + w + ")").collect(Collectors.joining(", "));
        return "WITH n AS (SELECT * FROM ACCOUNT_HEALTH_HISTORY WHERE as_of_date = (SELECT max(as_of_date) FROM ACCOUNT_HEALTH_HISTORY)), "
                + "w AS (SELECT * FROM (VALUES " + windows + ") t(window_days)) "
                + "SELECT n.account_id, w.window_days, n.as_of_date, CAST(n.as_of_date - w.window_days AS DATE), n.health_score, "
                + "b.health_score, round(n.health_score - b.health_score, 1), n.risk_tier, b.risk_tier, "
                + "CASE WHEN b.account_id IS NULL THEN NULL ELSE n.risk_tier <> b.risk_tier END, "
                + "n.negative_interaction_count, n.top_complaint_category" + perSignal + ", '" + runId + "' "
                + "FROM n CROSS JOIN w LEFT JOIN ACCOUNT_HEALTH_HISTORY b ON b.account_id = n.account_id "
                + "AND b.as_of_date = CAST(n.as_of_date - w.window_days AS DATE) ORDER BY w.window_days, n.account_id";
    }

    /**
     * A finished backtest's figures (fixed numbers, not computed) in the catalog's column order: every figure, one
     * calibration band and one signal with too few accounts to judge.
     */
    private static String backtestSql(String asOf, int historyWeeks, int accounts) {
        String horizon = TestWarehouse.BACKTEST_HORIZON_DAYS;
        String head = "'backtest-20261101T060000Z-synthetic', TIMESTAMP '2026-11-01 06:00:00', " + horizon + ", DATE '" + asOf
                + "' - " + (7 * historyWeeks) + ", DATE '" + asOf + "' - " + horizon + ", ";
        List<String> rows = new ArrayList<>();
        java.util.function.BiConsumer<String, String> row = (figure, rest) -> rows.add("(" + head + "'" + figure + "', " + rest + ")");
        String evidence = accounts + ", " + (accounts * 3) + ", 24, 60, true, NULL";
        row.accept(Columns.FIGURE_SCORE_AUC, "'" + Columns.HEALTH_SCORE + "', 0.81, 0.74, 0.87, NULL, NULL, NULL, " + evidence);
        double[] rates = {0.02, 0.09, 0.31};
        for (RiskTier tier : List.of(RiskTier.HEALTHY, RiskTier.AT_RISK, RiskTier.CRITICAL)) {
            row.accept(Columns.FIGURE_TIER_CHURN_RATE, "'" + tier.label() + "', " + rates[tier.ordinal()]
                    + ", NULL, NULL, NULL, NULL, NULL, " + (accounts / 3) + ", " + accounts + ", 8, 20, true, NULL");
        }
        row.accept(Columns.FIGURE_TIER_LIFT, "'critical/healthy', 15.5, NULL, NULL, NULL, NULL, NULL, " + evidence);
        for (int band = 2; band < 10; band++) {
            boolean few = band == 9;
            row.accept(Columns.FIGURE_CALIBRATION, "'" + band * 10 + "-" + (band + 1) * 10 + "', " + (0.4 - band * 0.04)
                    + ", NULL, NULL, " + (band * 10 + 5) + ", NULL, NULL, " + (few ? "4, 6, 0, 0, false, 'too few accounts (4 < 30)'"
                    : "40, 100, 5, 12, true, NULL"));
        }
        for (Signal s : Signal.values()) {
            boolean few = s == Signal.FEATURES;
            row.accept(Columns.FIGURE_SIGNAL_AUC, "'" + s.key() + "', " + (0.55 + s.ordinal() * 0.04) + ", NULL, NULL, NULL, NULL, NULL, "
                    + (few ? "12, 30, 2, 4, false, 'too few churn events (2 < 5)'" : evidence));
            // the suggestion moves five points from sentiment to sessions
            double configured = MODEL.maxPoints(s);
            double suggested = configured + (s == Signal.SESSIONS ? 5 : s == Signal.SENTIMENT ? -5 : 0);
            row.accept(Columns.FIGURE_SUGGESTED_WEIGHT, "'" + s.key() + "', " + suggested + ", NULL, NULL, NULL, "
                    + configured + ", " + suggested + ", " + evidence);
        }
        row.accept(Columns.FIGURE_HELDOUT_AUC, "'configured', 0.79, NULL, NULL, NULL, NULL, NULL, " + evidence);
        row.accept(Columns.FIGURE_HELDOUT_AUC, "'suggested', 0.83, NULL, NULL, NULL, NULL, NULL, " + evidence);
        return "VALUES " + String.join(", ", rows);
    }

    /** A deterministic pseudo-random number in [0, 1) from the seed and some keys. */
    private static String rnd(long seed, String... keys) {
        return "((hash(" + seed + ", " + String.join(", ", keys) + ") % 1000003) / 1000003.0)";
    }

    private static String historySql(int n, int weeks, String asOf, long seed, String runId, int width) {
        String industries = "['FinTech', 'Healthcare', 'Retail', 'Manufacturing', 'Education', 'Logistics', 'Media', 'Energy']";
        String categories = "['billing', 'performance', 'bugs', 'feature_request', 'onboarding', 'security', 'data_quality', 'general']";
        return """
            CREATE TABLE ACCOUNT_HEALTH_HISTORY AS
            WITH acc AS (
              SELECT i,
                printf('ACC-%%0%dd', i) AS account_id,
                (%s)[1 + CAST(hash(%d, i, 'ind') %% 8 AS INTEGER)] AS industry,
                CAST(round(10000 + %s * 2000000, 2) AS DECIMAL(18,2)) AS annual_revenue,
                (DATE '%s' - CAST(200 + floor(%s * 1200) AS INTEGER)) AS subscription_start_date,
                %s AS q, %s < 0.12 AS churn_flag,
                CASE WHEN %s < 0.3 THEN 'enterprise' ELSE 'standard' END AS tier,
                printf('OWN-%%03d', CAST(hash(%d, i, 'own') %% 40 AS INTEGER)) AS account_owner_id,
                (%s)[1 + CAST(hash(%d, i, 'cat') %% 8 AS INTEGER)] AS category
              FROM range(1, %d + 1) t(i)
            ),
            dates AS (SELECT w, CAST(DATE '%s' - CAST(7 * w AS INTEGER) AS DATE) AS as_of_date FROM range(0, %d + 1) t(w)),
            m AS (
              SELECT a.*, d.as_of_date, d.w,
                greatest(0.0, least(1.0, a.q + (%s - 0.5) * 0.25 + d.w * 0.01)) AS qq
              FROM acc a CROSS JOIN dates d
            ),
            sig AS (
              SELECT *,
                churn_flag AND w <= 1 AS is_churned,
                CAST(floor(qq * 140 * (0.6 + 0.4 * %s)) AS BIGINT) AS total_sessions,
                CAST(greatest(1, floor(qq * 14 * %s)) AS BIGINT) AS active_users,
                CAST(least(12, floor(qq * 13)) AS INTEGER) AS features_adopted,
                round(300 + qq * 900, 1) AS avg_session_duration,
                round((1 - qq) * 0.25 * %s, 4) AS error_rate,
                CAST(floor((1 - qq) * (1 - qq) * 150 * %s) AS INTEGER) AS dsla,
                round(greatest(-1.0, least(1.0, qq * 1.5 - 0.7 + (%s - 0.5) * 0.4)), 3) AS avg_sentiment,
                CAST(floor((1 - qq) * 11 * %s) AS BIGINT) AS support_ticket_count,
                CAST(floor(%s * 4) AS BIGINT) AS sales_call_count,
                CAST(floor(%s * 5) AS BIGINT) AS email_count
              FROM m
            ),
            pts AS (
              SELECT *,
                CASE WHEN total_sessions = 0 THEN NULL ELSE dsla END AS days_since_last_active,
                round(least(total_sessions, 100) / 100.0 * 15, 2) AS points_sessions,
                round(least(features_adopted, 12) / 12.0 * 15, 2) AS points_features,
                round((1 - least(error_rate, 1)) * 10, 2) AS points_errors,
                CASE WHEN total_sessions = 0 THEN 0.0 WHEN dsla <= 7 THEN 20.0 WHEN dsla <= 30 THEN 15.0 WHEN dsla <= 90 THEN 8.0 ELSE 0.0 END AS points_recency,
                round((avg_sentiment + 1) / 2 * 25, 2) AS points_sentiment,
                CASE WHEN support_ticket_count = 0 THEN 15.0 WHEN support_ticket_count <= 3 THEN 10.0 WHEN support_ticket_count <= 7 THEN 5.0 ELSE 0.0 END AS points_support
              FROM sig
            ),
            scored AS (
              SELECT *, round(points_sessions + points_features + points_errors + points_recency + points_sentiment + points_support, 1) AS health_score
              FROM pts
            )
            SELECT account_id, industry, annual_revenue, subscription_start_date,
              CASE WHEN is_churned THEN CAST(as_of_date - 3 AS DATE) ELSE NULL END AS subscription_end_date,
              is_churned, tier, account_owner_id,
              CAST(as_of_date - subscription_start_date AS INTEGER) AS tenure_days,
              total_sessions, active_users, features_adopted,
              CASE WHEN total_sessions = 0 THEN NULL ELSE avg_session_duration END AS avg_session_duration,
              CASE WHEN total_sessions = 0 THEN 0.0 ELSE error_rate END AS error_rate,
              CASE WHEN total_sessions = 0 THEN NULL ELSE CAST(CAST(as_of_date - days_since_last_active AS TIMESTAMP) + INTERVAL 10 HOUR AS TIMESTAMPTZ) END AS last_active_at,
              days_since_last_active,
              avg_sentiment, round(greatest(-1.0, avg_sentiment - 0.3), 3) AS worst_sentiment,
              support_ticket_count + sales_call_count + email_count AS total_interactions,
              support_ticket_count, sales_call_count, email_count,
              CAST(floor(support_ticket_count * (1 - qq)) AS BIGINT) AS negative_interaction_count,
              category AS top_complaint_category,
              points_sessions, points_features, points_errors, points_recency, points_sentiment, points_support,
              health_score,
              CASE WHEN is_churned THEN 'churned' WHEN health_score >= 65 THEN 'healthy' WHEN health_score >= 40 THEN 'at_risk' ELSE 'critical' END AS risk_tier,
              as_of_date, '%s' AS run_id
            FROM scored ORDER BY as_of_date, account_id
            """.formatted(width, industries, seed, rnd(seed, "i", "'rev'"), asOf, rnd(seed, "i", "'start'"),
                rnd(seed, "i", "'q'"), rnd(seed, "i", "'churn'"), rnd(seed, "i", "'tier'"), seed, categories, seed, n, asOf, weeks,
                rnd(seed, "a.i", "d.w", "'drift'"), rnd(seed, "i", "w", "'s'"), rnd(seed, "i", "w", "'u'"), rnd(seed, "i", "w", "'e'"),
                rnd(seed, "i", "w", "'d'"), rnd(seed, "i", "w", "'sent'"), rnd(seed, "i", "w", "'t'"), rnd(seed, "i", "w", "'sc'"),
                rnd(seed, "i", "w", "'em'"), runId);
    }

    private static String transcriptsSql(long seed, String runId) {
        return """
            CREATE TABLE INTERACTION_TRANSCRIPTS_ENRICHED AS
            SELECT printf('INT-%%s-%%d', substr(account_id, 5), k) AS interaction_id,
              account_id, account_id AS source_account_id, NULL::VARCHAR AS opportunity_id,
              CAST(CAST(as_of_date AS TIMESTAMP) - INTERVAL (k * 9 + 1) DAY + INTERVAL (k) HOUR AS TIMESTAMPTZ) AS "timestamp",
              (['support_ticket', 'sales_call', 'email'])[1 + k %% 3] AS interaction_type,
              CASE WHEN avg_sentiment < 0 THEN 'Customer reports ' || replace(top_complaint_category, '_', ' ') || ' problems again (' || account_id || ', contact ' || k || '); they are frustrated and considering alternatives.'
                   ELSE 'Customer is happy with the product (' || account_id || ', contact ' || k || ') and asked about ' || replace(top_complaint_category, '_', ' ') || '.' END AS transcript_body,
              'direct' AS attribution,
              round(greatest(-1.0, least(1.0, coalesce(avg_sentiment, 0) + (k - 1) * 0.1)), 3) AS sentiment_score,
              top_complaint_category AS complaint_category, 0.8 AS complaint_confidence,
              'local' AS provider, 'local-analyzer-1' AS model, 'ok' AS enrichment_status, '%s' AS run_id
            FROM ACCOUNT_HEALTH_SCORE CROSS JOIN range(0, 3) t(k)
            WHERE total_interactions > 0 AND hash(%d, account_id, k) %% 4 <> 0
            """.formatted(runId, seed);
    }

    private static String insightsSql(String runId) {
        return """
            CREATE TABLE ACCOUNT_INSIGHTS AS
            SELECT account_id,
              CASE risk_tier
                WHEN 'critical' THEN 'Escalate ' || account_id || ' to its account owner this week: health ' || health_score || ' with ' || support_ticket_count || ' support tickets. Book a call about ' || replace(top_complaint_category, '_', ' ') || ' and agree a fix plan.'
                WHEN 'at_risk' THEN 'Schedule a check-in with ' || account_id || ': adoption is ' || features_adopted || ' of 12 features. Offer training on unused features and follow up on ' || replace(top_complaint_category, '_', ' ') || '.'
                WHEN 'churned' THEN 'Run a win-back review for ' || account_id || ' and record the churn reason (' || replace(top_complaint_category, '_', ' ') || ').'
                ELSE 'Keep ' || account_id || ' engaged: health ' || health_score || '. Explore expansion with the account owner.' END AS recommendation,
              'Across ' || total_interactions || ' interactions the customer mostly raised ' || replace(top_complaint_category, '_', ' ') || ' topics; average sentiment is ' || coalesce(CAST(avg_sentiment AS VARCHAR), 'n/a') || '.' AS transcript_summary,
              'local' AS provider, 'local-insight-1' AS model, md5(account_id) AS input_hash, as_of_date, '%s' AS run_id
            FROM ACCOUNT_HEALTH_SCORE
            """.formatted(runId);
    }
}
