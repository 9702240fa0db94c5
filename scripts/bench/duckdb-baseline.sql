-- DuckDB baseline for scripts/bench-pipeline: the comparable part of the Spark job (staging with
-- validation and dedupe, per-account usage and interaction metrics, the SPEC §5 score) over the same raw
-- files, enrichment excluded (sentiment taken as neutral). Placeholders: {{input}}, {{as_of}}.
-- Each statement is timed separately by DuckDbBaseline.java; statements are separated by ';' at line end.

CREATE TEMP TABLE stg_accounts AS
SELECT account_id, industry, TRY_CAST(annual_revenue AS DECIMAL(18,2)) AS annual_revenue,
       TRY_CAST(subscription_start_date AS DATE) AS start_date, TRY_CAST(subscription_end_date AS DATE) AS end_date,
       TRY_CAST(is_churned AS BOOLEAN) AS is_churned, tier
FROM read_json('{{input}}/crm/accounts/*.json*', format = 'newline_delimited', ignore_errors = true,
     columns = {account_id: 'VARCHAR', industry: 'VARCHAR', annual_revenue: 'VARCHAR', subscription_start_date: 'VARCHAR',
                subscription_end_date: 'VARCHAR', is_churned: 'VARCHAR', tier: 'VARCHAR', account_owner_id: 'VARCHAR'})
WHERE account_id IS NOT NULL AND tier IN ('standard', 'enterprise')
  AND TRY_CAST(subscription_start_date AS DATE) <= DATE '{{as_of}}'
QUALIFY row_number() OVER (PARTITION BY account_id ORDER BY start_date DESC) = 1;

CREATE TEMP TABLE stg_opportunities AS
SELECT opportunity_id, account_id
FROM read_json('{{input}}/crm/opportunities/*.json*', format = 'newline_delimited', ignore_errors = true,
     columns = {opportunity_id: 'VARCHAR', account_id: 'VARCHAR', stage: 'VARCHAR', close_date: 'VARCHAR'})
WHERE opportunity_id IS NOT NULL AND stage IN ('prospecting', 'closed-won', 'closed-lost')
QUALIFY row_number() OVER (PARTITION BY opportunity_id ORDER BY close_date DESC) = 1;

CREATE TEMP TABLE stg_usage AS
SELECT u.account_id, u.user_id, u.feature_used, u.duration, u.error_codes_encountered, u.ts
FROM (
  SELECT session_id, account_id, user_id, feature_used, error_codes_encountered,
         TRY_CAST(session_duration_seconds AS BIGINT) AS duration, TRY_CAST("timestamp" AS TIMESTAMPTZ) AS ts
  FROM read_json('{{input}}/usage_logs/*/*/*.json*', format = 'newline_delimited', ignore_errors = true,
       columns = {session_id: 'VARCHAR', account_id: 'VARCHAR', user_id: 'VARCHAR', feature_used: 'VARCHAR',
                  session_duration_seconds: 'VARCHAR', error_codes_encountered: 'VARCHAR', "timestamp": 'VARCHAR'})
  WHERE session_id IS NOT NULL AND account_id IS NOT NULL
) u
JOIN stg_accounts a USING (account_id)
WHERE u.duration >= 0 AND u.ts < (DATE '{{as_of}}' + INTERVAL 1 DAY)
QUALIFY row_number() OVER (PARTITION BY session_id ORDER BY ts DESC) = 1;

CREATE TEMP TABLE stg_transcripts AS
SELECT t.interaction_id, coalesce(t.account_id, o.account_id) AS account_id, t.interaction_type, t.ts
FROM (
  SELECT interaction_id, account_id, opportunity_id, interaction_type, TRY_CAST("timestamp" AS TIMESTAMPTZ) AS ts
  FROM read_json('{{input}}/transcripts/*/*/*.json*', format = 'newline_delimited', ignore_errors = true,
       columns = {interaction_id: 'VARCHAR', account_id: 'VARCHAR', opportunity_id: 'VARCHAR', "timestamp": 'VARCHAR',
                  interaction_type: 'VARCHAR', transcript_body: 'VARCHAR'})
  WHERE interaction_id IS NOT NULL AND interaction_type IN ('support_ticket', 'sales_call', 'email')
) t
LEFT JOIN stg_opportunities o ON t.account_id IS NULL AND o.opportunity_id = t.opportunity_id
WHERE coalesce(t.account_id, o.account_id) IN (SELECT account_id FROM stg_accounts)
  AND t.ts < (DATE '{{as_of}}' + INTERVAL 1 DAY)
QUALIFY row_number() OVER (PARTITION BY interaction_id ORDER BY ts DESC) = 1;

CREATE TEMP TABLE int_usage AS
SELECT account_id, count(*) AS total_sessions, count(DISTINCT user_id) AS active_users,
       count(DISTINCT feature_used) AS features_adopted, avg(duration) AS avg_session_duration,
       round(count(*) FILTER (WHERE trim(coalesce(error_codes_encountered, '')) <> '') / count(*), 4) AS error_rate,
       date_diff('day', CAST(max(ts) AS DATE), DATE '{{as_of}}') AS days_since_last_active
FROM stg_usage GROUP BY account_id;

CREATE TEMP TABLE int_interactions AS
SELECT account_id, count(*) AS total_interactions,
       count(*) FILTER (WHERE interaction_type = 'support_ticket') AS support_ticket_count
FROM stg_transcripts GROUP BY account_id;

CREATE TEMP TABLE account_health AS
SELECT a.account_id,
       least(coalesce(u.total_sessions, 0), 100) / 100.0 * 15
     + least(coalesce(u.features_adopted, 0), 12) / 12.0 * 15
     + (1 - least(coalesce(u.error_rate, 0), 1)) * 10
     + CASE WHEN u.days_since_last_active IS NULL THEN 0 WHEN u.days_since_last_active <= 7 THEN 20
            WHEN u.days_since_last_active <= 30 THEN 15 WHEN u.days_since_last_active <= 90 THEN 8 ELSE 0 END
     + 12.5
     + CASE WHEN coalesce(i.support_ticket_count, 0) = 0 THEN 15 WHEN i.support_ticket_count <= 3 THEN 10
            WHEN i.support_ticket_count <= 7 THEN 5 ELSE 0 END AS health_score
FROM stg_accounts a LEFT JOIN int_usage u USING (account_id) LEFT JOIN int_interactions i USING (account_id);

SELECT count(*) AS accounts, round(avg(health_score), 2) AS avg_score FROM account_health;
