-- DuckDB baseline for scripts/bench-pipeline: the comparable part of the Spark job over the same raw files —
-- staging with the same validation (required keys, types, accepted values, non-negative duration), the same
-- dedupe (latest copy by time among records that passed the record checks, BEFORE relationship checks), the
-- same attribution of transcripts, per-account usage and interaction metrics for every as-of date of the run
-- (as-of and the weekly history dates), CRM as of each date and the health score. Enrichment is excluded:
-- sentiment is taken as neutral (0) and the complaint category as 'general'.
-- The health model below (weights 15/15/10/20/25/15, caps, bands, tiers 65/40) is a deliberate hand-written copy
-- of the defaults in conf/application.conf: this script is the independent check of the Spark job, so it must
-- not read the job's own definition. Change both when the defaults change.
-- Placeholders: {{input}}, {{as_of}}, {{history_weeks}}. Each statement is timed separately by
-- DuckDbBaseline.java; statements are separated by ';' at line end. Rejected records are not materialised
-- (Spark keeps them for REJECTED_RECORDS), malformed lines are skipped by ignore_errors.

CREATE TEMP TABLE as_of_dates AS
SELECT CAST(DATE '{{as_of}}' - INTERVAL (7 * w) DAY AS DATE) AS as_of_date FROM range(0, {{history_weeks}} + 1) t(w);

CREATE TEMP TABLE stg_accounts AS
SELECT account_id, industry, annual_revenue, start_date, end_date, coalesce(is_churned, false) AS is_churned, tier,
       account_owner_id
FROM (
  SELECT nullif(trim(account_id), '') AS account_id, nullif(trim(industry), '') AS industry,
         TRY_CAST(nullif(trim(annual_revenue), '') AS DECIMAL(18,2)) AS annual_revenue,
         TRY_CAST(nullif(trim(subscription_start_date), '') AS DATE) AS start_date,
         TRY_CAST(nullif(trim(subscription_end_date), '') AS DATE) AS end_date,
         CASE lower(trim(is_churned)) WHEN 'true' THEN true WHEN 'false' THEN false END AS is_churned,
         nullif(trim(tier), '') AS tier, nullif(trim(account_owner_id), '') AS account_owner_id,
         annual_revenue AS raw_revenue, subscription_end_date AS raw_end, is_churned AS raw_churned
  FROM read_json('{{input}}/crm/accounts/**/*.json*', format = 'newline_delimited', ignore_errors = true,
       columns = {account_id: 'VARCHAR', industry: 'VARCHAR', annual_revenue: 'VARCHAR', subscription_start_date: 'VARCHAR',
                  subscription_end_date: 'VARCHAR', is_churned: 'VARCHAR', tier: 'VARCHAR', account_owner_id: 'VARCHAR'})
)
WHERE account_id IS NOT NULL AND start_date IS NOT NULL AND tier IN ('standard', 'enterprise')
  AND (annual_revenue IS NOT NULL OR nullif(trim(raw_revenue), '') IS NULL)
  AND (end_date IS NOT NULL OR nullif(trim(raw_end), '') IS NULL)
  AND (is_churned IS NOT NULL OR nullif(trim(raw_churned), '') IS NULL)
QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY start_date DESC NULLS LAST, end_date, tier, industry) = 1;

CREATE TEMP TABLE stg_opportunities AS
SELECT o.opportunity_id, o.account_id
FROM (
  SELECT nullif(trim(opportunity_id), '') AS opportunity_id, nullif(trim(account_id), '') AS account_id,
         nullif(trim(stage), '') AS stage, TRY_CAST(nullif(trim(close_date), '') AS DATE) AS close_date,
         TRY_CAST(nullif(trim(amount_gbp), '') AS DOUBLE) AS amount, amount_gbp AS raw_amount, close_date AS raw_close
  FROM read_json('{{input}}/crm/opportunities/**/*.json*', format = 'newline_delimited', ignore_errors = true,
       columns = {opportunity_id: 'VARCHAR', account_id: 'VARCHAR', product_code: 'VARCHAR', stage: 'VARCHAR',
                  amount_gbp: 'VARCHAR', close_date: 'VARCHAR', lead_source: 'VARCHAR'})
) o
WHERE o.opportunity_id IS NOT NULL AND o.account_id IS NOT NULL AND o.stage IN ('prospecting', 'closed-won', 'closed-lost')
  AND (o.amount IS NOT NULL OR nullif(trim(o.raw_amount), '') IS NULL)
  AND (o.close_date IS NOT NULL OR nullif(trim(o.raw_close), '') IS NULL)
QUALIFY row_number() OVER (PARTITION BY o.opportunity_id ORDER BY o.close_date DESC NULLS LAST, o.account_id) = 1
    AND o.account_id IN (SELECT account_id FROM stg_accounts);

CREATE TEMP TABLE stg_usage AS
WITH typed AS (
  SELECT nullif(trim(session_id), '') AS session_id, nullif(trim(account_id), '') AS account_id,
         nullif(trim(user_id), '') AS user_id, nullif(trim(feature_used), '') AS feature_used,
         TRY_CAST(nullif(trim(session_duration_seconds), '') AS DOUBLE) AS duration,
         session_duration_seconds AS raw_duration, error_codes_encountered,
         TRY_CAST(nullif(trim("timestamp"), '') AS TIMESTAMPTZ) AS ts
  FROM read_json('{{input}}/usage_logs/**/*.json*', format = 'newline_delimited', ignore_errors = true,
       columns = {session_id: 'VARCHAR', account_id: 'VARCHAR', user_id: 'VARCHAR', feature_used: 'VARCHAR',
                  session_duration_seconds: 'VARCHAR', error_codes_encountered: 'VARCHAR', "timestamp": 'VARCHAR'})
), checked AS (
  SELECT * FROM typed
  WHERE session_id IS NOT NULL AND account_id IS NOT NULL AND ts IS NOT NULL
    AND (duration IS NOT NULL OR nullif(trim(raw_duration), '') IS NULL) AND coalesce(duration, 0) >= 0
  QUALIFY row_number() OVER (PARTITION BY session_id ORDER BY ts DESC, account_id, user_id, feature_used, duration) = 1
)
SELECT c.session_id, c.account_id, c.user_id, c.feature_used, c.duration, c.error_codes_encountered, c.ts
FROM checked c SEMI JOIN stg_accounts a ON a.account_id = c.account_id;

CREATE TEMP TABLE stg_transcripts AS
WITH typed AS (
  SELECT nullif(trim(interaction_id), '') AS interaction_id, nullif(trim(account_id), '') AS source_account_id,
         nullif(trim(opportunity_id), '') AS opportunity_id, TRY_CAST(nullif(trim("timestamp"), '') AS TIMESTAMPTZ) AS ts,
         nullif(trim(interaction_type), '') AS interaction_type, transcript_body
  FROM read_json('{{input}}/transcripts/**/*.json*', format = 'newline_delimited', ignore_errors = true,
       columns = {interaction_id: 'VARCHAR', account_id: 'VARCHAR', opportunity_id: 'VARCHAR', "timestamp": 'VARCHAR',
                  interaction_type: 'VARCHAR', transcript_body: 'VARCHAR'})
), checked AS (
  SELECT * FROM typed
  WHERE interaction_id IS NOT NULL AND ts IS NOT NULL AND nullif(trim(transcript_body), '') IS NOT NULL
    AND interaction_type IN ('support_ticket', 'sales_call', 'email')
  QUALIFY row_number() OVER (PARTITION BY interaction_id ORDER BY ts DESC, source_account_id, opportunity_id, interaction_type) = 1
)
SELECT c.interaction_id, coalesce(c.source_account_id, o.account_id) AS account_id, c.interaction_type, c.ts,
       0.0 AS sentiment_score, 'general' AS complaint_category
FROM checked c
-- a plain equi-join (an extra IS NULL condition in ON made DuckDB fall back to a nested-loop join: minutes at ×1000),
-- the opportunity's account is only used when the record has no account_id of its own
LEFT JOIN stg_opportunities o ON o.opportunity_id = c.opportunity_id
WHERE coalesce(c.source_account_id, o.account_id) IN (SELECT account_id FROM stg_accounts);

CREATE TEMP TABLE int_usage AS
SELECT u.account_id, d.as_of_date, count(*) AS total_sessions, count(DISTINCT u.user_id) AS active_users,
       count(DISTINCT u.feature_used) AS features_adopted, round(avg(u.duration), 1) AS avg_session_duration,
       round(count(*) FILTER (WHERE trim(coalesce(u.error_codes_encountered, '')) <> '') / count(*), 4) AS error_rate,
       max(u.ts) AS last_active_at,
       date_diff('day', CAST(max(u.ts) AS DATE), d.as_of_date) AS days_since_last_active
FROM stg_usage u JOIN as_of_dates d ON CAST(u.ts AS DATE) <= d.as_of_date
GROUP BY u.account_id, d.as_of_date;

CREATE TEMP TABLE int_interactions AS
SELECT t.account_id, d.as_of_date, round(avg(t.sentiment_score), 3) AS avg_sentiment,
       min(t.sentiment_score) AS worst_sentiment, count(*) AS total_interactions,
       count(*) FILTER (WHERE t.interaction_type = 'support_ticket') AS support_ticket_count,
       count(*) FILTER (WHERE t.interaction_type = 'sales_call') AS sales_call_count,
       count(*) FILTER (WHERE t.interaction_type = 'email') AS email_count,
       count(*) FILTER (WHERE t.sentiment_score < -0.3) AS negative_interaction_count,
       arg_max(t.complaint_category, t.ts) AS top_complaint_category
FROM stg_transcripts t JOIN as_of_dates d ON CAST(t.ts AS DATE) <= d.as_of_date
GROUP BY t.account_id, d.as_of_date;

CREATE TEMP TABLE account_health_history AS
WITH signals AS (
  SELECT a.account_id, d.as_of_date, a.industry, a.annual_revenue, a.tier,
         a.is_churned AND (a.end_date IS NULL OR a.end_date <= d.as_of_date) AS churned,
         date_diff('day', a.start_date, least(coalesce(a.end_date, d.as_of_date), d.as_of_date)) AS tenure_days,
         coalesce(u.total_sessions, 0) AS total_sessions, coalesce(u.features_adopted, 0) AS features_adopted,
         coalesce(u.error_rate, 0) AS error_rate, u.days_since_last_active,
         coalesce(i.avg_sentiment, 0) AS avg_sentiment, coalesce(i.support_ticket_count, 0) AS support_ticket_count
  FROM stg_accounts a JOIN as_of_dates d ON a.start_date <= d.as_of_date
  LEFT JOIN int_usage u ON u.account_id = a.account_id AND u.as_of_date = d.as_of_date
  LEFT JOIN int_interactions i ON i.account_id = a.account_id AND i.as_of_date = d.as_of_date
), scored AS (
  SELECT *, round(least(total_sessions, 100) / 100.0 * 15
     + least(features_adopted, 12) / 12.0 * 15
     + (1 - least(error_rate, 1)) * 10
     + CASE WHEN days_since_last_active IS NULL THEN 0 WHEN days_since_last_active <= 7 THEN 20
            WHEN days_since_last_active <= 30 THEN 15 WHEN days_since_last_active <= 90 THEN 8 ELSE 0 END
     + (avg_sentiment + 1) / 2 * 25
     + CASE WHEN support_ticket_count = 0 THEN 15 WHEN support_ticket_count <= 3 THEN 10
            WHEN support_ticket_count <= 7 THEN 5 ELSE 0 END, 1) AS health_score
  FROM signals
)
SELECT *, CASE WHEN churned THEN 'churned' WHEN health_score >= 65 THEN 'healthy'
               WHEN health_score >= 40 THEN 'at_risk' ELSE 'critical' END AS risk_tier
FROM scored;

SELECT count(*) AS account_dates, count(*) FILTER (WHERE as_of_date = DATE '{{as_of}}') AS accounts,
       round(avg(health_score), 2) AS avg_score FROM account_health_history;
