package com.vantagepoint.pipeline.job;

import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.catalog.Tables;
import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.SourceCounts;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.RunRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * End to end on the hand-made dataset under {@code golden/}, as of 2026-11-25, published to the real DuckDB
 * warehouse and read back from it. Expected values are computed by hand (see the comments) from the default health model and the
 * keyword analyzer's rules (a test double of the transcript analyzer, so the expectations do not move when the
 * local analyzer is tuned).
 */
class GoldenRunTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");
    @TempDir
    static Path warehouseDir;
    private static DuckDbWarehouse warehouse;
    private static Published run;

    /** What the warehouse holds after a run (tables read back through the publisher). */
    record Published(PipelineJob.Result result, String report, Map<String, InMemoryPublisher.Table> tables,
                     RunRecord run) {
        List<Row> rows(String table) {
            return tables.get(table).rows();
        }
    }

    @BeforeAll
    static void runOnce() {
        warehouse = new DuckDbWarehouse(warehouseDir, 3,
                HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring")));
        run = runAndReadBack();
    }

    private static Published runAndReadBack() {
        PipelineJob.Result result = JobFixtures.run("golden", AS_OF, 0, Map.of(), warehouse);
        Map<String, InMemoryPublisher.Table> tables = new HashMap<>();
        for (String table : List.of(Tables.ACCOUNT_HEALTH_HISTORY, Tables.ACCOUNT_HEALTH_SCORE,
                Tables.ACCOUNT_SCORE_CHANGES, Tables.INTERACTION_TRANSCRIPTS_ENRICHED, Tables.REJECTED_RECORDS,
                Tables.DATA_QUALITY_CHECKS, Tables.PIPELINE_RUNS, Tables.ACCOUNT_INSIGHTS)) {
            Dataset<Row> frame = warehouse.readPublished(SharedSpark.spark(), table).orElseThrow();
            if (frame.schema().getFieldIndex("run_id").isDefined()) {
                frame = frame.where(frame.col("run_id").equalTo(result.runId()));
            }
            tables.put(table, new InMemoryPublisher.Table(frame.schema(), frame.collectAsList()));
        }
        Row runRow = tables.get(Tables.PIPELINE_RUNS).rows().get(0);
        RunRecord record = new RunRecord(runRow.getAs("run_id"), ((Date) runRow.getAs("as_of_date")).toLocalDate(),
                runRow.getAs("status"), null, null, 0, runRow.getAs("input_uri"), runRow.getAs("counts_json"),
                runRow.getAs("stage_timings_json"), runRow.getAs("quality_checks_json"), 0, 0, 0, 0, 0, 0, 0,
                runRow.getAs("scoring_config_hash"), runRow.getAs("analyzer_version"), runRow.getAs("prompt_version"),
                runRow.getAs("code_version"), runRow.getAs("error_message"), runRow.<Long>getAs("files_parsed"),
                runRow.<Long>getAs("files_reused"), runRow.<Long>getAs("files_ignored"),
                runRow.getAs("input_fingerprint"));
        return new Published(result, JobFixtures.lastReport(), tables, record);
    }

    @Test
    void scoreTableHoldsTheLatestDate() {
        assertEquals(3, run.rows(Tables.ACCOUNT_HEALTH_SCORE).size());
    }

    private static Map<String, Row> byAccount(List<Row> rows) {
        return rows.stream().collect(Collectors.toMap(r -> r.getAs("account_id"), Function.identity()));
    }

    @Test
    void scoresEveryAccountThatHadStartedByTheAsOfDate() {
        Map<String, Row> rows = byAccount(run.rows(Tables.ACCOUNT_HEALTH_HISTORY));
        // ACC-0004 starts 2026-12-01, after the as-of date: left out.
        assertEquals(Set.of("ACC-0001", "ACC-0002", "ACC-0003"), rows.keySet());
        assertEquals(List.of(AS_OF), run.result().scoredDates());
        assertEquals(List.of("account_id", "industry", "annual_revenue", "subscription_start_date",
                "subscription_end_date", "is_churned", "tier", "account_owner_id", "tenure_days", "total_sessions",
                "active_users", "features_adopted", "avg_session_duration", "error_rate", "last_active_at",
                "days_since_last_active", "avg_sentiment", "worst_sentiment", "total_interactions",
                "support_ticket_count", "sales_call_count", "email_count", "negative_interaction_count",
                "top_complaint_category", "points_sessions", "points_features", "points_errors", "points_recency",
                "points_sentiment", "points_support", "health_score", "risk_tier", "as_of_date", "run_id"),
                List.of(run.tables().get(Tables.ACCOUNT_HEALTH_HISTORY).schema().fieldNames()));
    }

    @Test
    void activeAccountWithUsageAndTranscripts() {
        Row acc1 = byAccount(run.rows(Tables.ACCOUNT_HEALTH_HISTORY)).get("ACC-0001");
        Map<String, Object> expected = new HashMap<>();
        expected.put("industry", "Software");
        expected.put("annual_revenue", new BigDecimal("125000.50"));
        expected.put("subscription_start_date", Date.valueOf("2024-01-01"));
        expected.put("subscription_end_date", null);
        expected.put("is_churned", false);
        expected.put("tier", "enterprise");
        expected.put("tenure_days", 1059);                    // 366 (2024) + 365 (2025) + 328
        // S1, S2, S3 (23:30 at -02:00 = 01:30Z on the as-of day), S5 (no offset = UTC); S4 is after the as-of.
        expected.put("total_sessions", 4L);
        expected.put("active_users", 2L);                     // U1, U2
        expected.put("features_adopted", 3);                  // Dashboard, Reports, Search
        expected.put("avg_session_duration", 550.0);          // (600 + 1200 + 300 + 100) / 4
        expected.put("error_rate", 0.25);                     // only S2 has a non-blank error code
        expected.put("last_active_at", Timestamp.from(Instant.parse("2026-11-25T12:00:00Z")));
        expected.put("days_since_last_active", 0);
        // T1 -0.4 (slow, performance), T2 0.8 (love, general), T3 0.0 (invoice, billing; via OPP-1); T4 is later.
        expected.put("avg_sentiment", 0.133);
        expected.put("worst_sentiment", -0.4);
        expected.put("total_interactions", 3L);
        expected.put("support_ticket_count", 1L);
        expected.put("sales_call_count", 1L);
        expected.put("email_count", 1L);
        expected.put("negative_interaction_count", 1L);       // -0.4 < -0.3
        expected.put("top_complaint_category", "performance"); // three-way tie; lowest worst sentiment wins
        expected.put("points_sessions", 0.6);                 // 4 / 100 * 15
        expected.put("points_features", 3.75);                // 3 / 12 * 15
        expected.put("points_errors", 7.5);                   // (1 - 0.25) * 10
        expected.put("points_recency", 20.0);                 // 0 days
        expected.put("points_sentiment", 14.16);              // (0.133 + 1) / 2 * 25 = 14.1625
        expected.put("points_support", 10.0);                 // 1 ticket
        expected.put("health_score", 56.0);                   // 56.0125
        expected.put("risk_tier", "at_risk");
        expected.put("as_of_date", Date.valueOf(AS_OF));
        expected.put("run_id", run.result().runId());
        JobFixtures.assertColumns(expected, acc1);
    }

    @Test
    void churnedAccountFadedOutAndComplained() {
        Row acc2 = byAccount(run.rows(Tables.ACCOUNT_HEALTH_HISTORY)).get("ACC-0002");
        Map<String, Object> expected = new HashMap<>();
        expected.put("is_churned", true);                     // flagged and ended 2026-10-31 <= as-of
        expected.put("tenure_days", 517);                     // 2025-06-01 .. 2026-10-31
        expected.put("total_sessions", 2L);                   // S6, S7 (from a .gz file)
        expected.put("active_users", 1L);
        expected.put("features_adopted", 2);                  // Billing + an unknown feature, kept
        expected.put("avg_session_duration", 45.0);
        expected.put("error_rate", 0.5);
        expected.put("days_since_last_active", 71);           // 2026-09-15 .. 2026-11-25
        expected.put("avg_sentiment", -0.8);
        expected.put("worst_sentiment", -0.8);
        expected.put("total_interactions", 2L);
        expected.put("support_ticket_count", 2L);
        expected.put("negative_interaction_count", 2L);
        expected.put("top_complaint_category", "billing");    // bugs/billing tie on count and worst; billing latest
        expected.put("points_sessions", 0.3);
        expected.put("points_features", 2.5);
        expected.put("points_errors", 5.0);
        expected.put("points_recency", 8.0);                  // 71 days: <= 90
        expected.put("points_sentiment", 2.5);
        expected.put("points_support", 10.0);
        expected.put("health_score", 28.3);
        expected.put("risk_tier", "churned");
        JobFixtures.assertColumns(expected, acc2);
    }

    @Test
    void newAccountWithoutActivityGetsNoDataValues() {
        Row acc3 = byAccount(run.rows(Tables.ACCOUNT_HEALTH_HISTORY)).get("ACC-0003");
        Map<String, Object> expected = new HashMap<>();
        expected.put("annual_revenue", new BigDecimal("80000.00")); // given as a string, still a decimal
        expected.put("tenure_days", 24);
        expected.put("total_sessions", 0L);
        expected.put("active_users", 0L);
        expected.put("features_adopted", 0);
        expected.put("avg_session_duration", null);
        expected.put("error_rate", 0.0);
        expected.put("last_active_at", null);
        expected.put("days_since_last_active", null);
        expected.put("avg_sentiment", null);
        expected.put("worst_sentiment", null);
        expected.put("total_interactions", 0L);
        expected.put("top_complaint_category", "none");
        expected.put("points_errors", 10.0);
        expected.put("points_recency", 0.0);
        expected.put("points_sentiment", 12.5);
        expected.put("points_support", 15.0);
        expected.put("health_score", 37.5);
        expected.put("risk_tier", "critical");
        JobFixtures.assertColumns(expected, acc3);
    }

    @Test
    void enrichesTranscriptsUpToTheAsOfDayWithAttribution() {
        Map<String, Row> rows = run.rows(Tables.INTERACTION_TRANSCRIPTS_ENRICHED).stream()
                .collect(Collectors.toMap(r -> r.getAs("interaction_id"), Function.identity()));
        assertEquals(Set.of("T1", "T2", "T3", "T5", "T6"), rows.keySet());
        Row t3 = rows.get("T3");
        assertEquals("ACC-0001", t3.getAs("account_id"));
        assertNull(t3.getAs("source_account_id"));
        assertEquals("via_opportunity", t3.getAs("attribution"));
        assertEquals("billing", t3.getAs("complaint_category"));
        Row t6 = rows.get("T6");
        assertEquals("direct", t6.getAs("attribution"));
        assertEquals("ACC-0002", t6.getAs("source_account_id"));
        assertEquals(-0.8, (double) t6.getAs("sentiment_score"));
        assertEquals("local", t6.getAs("provider"));
        assertEquals("keyword-test-1", t6.getAs("model"));
        assertEquals("ok", t6.getAs("enrichment_status"));
        assertEquals(List.of("interaction_id", "account_id", "source_account_id", "opportunity_id", "timestamp",
                "interaction_type", "transcript_body", "attribution", "sentiment_score", "complaint_category",
                "complaint_confidence", "provider", "model", "enrichment_status", "run_id"),
                List.of(run.tables().get(Tables.INTERACTION_TRANSCRIPTS_ENRICHED).schema().fieldNames()));
    }

    @Test
    void countsEveryRecordAndKeepsLaterEventsOutOfTheWindowWithoutRejectingThem() {
        Map<SourceName, SourceCounts> counts = run.result().counts();
        // One account starts after the as-of date: staged, scored on no date, counted as after-as-of so that
        // staged = scored accounts + after-as-of adds up in the report.
        assertEquals(new SourceCounts(SourceName.ACCOUNTS, 4, 4, Map.of(), 1), counts.get(SourceName.ACCOUNTS));
        assertEquals(counts.get(SourceName.ACCOUNTS).staged() - counts.get(SourceName.ACCOUNTS).outsideWindow(),
                run.rows(Tables.ACCOUNT_HEALTH_SCORE).size());
        assertEquals(new SourceCounts(SourceName.OPPORTUNITIES, 2, 2, Map.of(), 0), counts.get(SourceName.OPPORTUNITIES));
        assertEquals(new SourceCounts(SourceName.USAGE_LOGS, 7, 7, Map.of(), 1), counts.get(SourceName.USAGE_LOGS));
        assertEquals(new SourceCounts(SourceName.TRANSCRIPTS, 6, 6, Map.of(), 1), counts.get(SourceName.TRANSCRIPTS));
        assertTrue(run.rows(Tables.REJECTED_RECORDS).isEmpty());
        RunRecord record = run.run();
        assertEquals(RunRecord.STATUS_PUBLISHED, record.status());
        assertEquals(AS_OF, record.asOfDate());
        assertTrue(record.runId().matches("run-\\d{8}T\\d{6}Z-[0-9a-f]{6}"), record.runId());
        assertEquals("keyword-test-1", record.analyzerVersion());
        assertEquals(16, record.scoringConfigHash().length());
        assertTrue(record.countsJson().contains("\"usage_logs\":{\"read\":7,\"staged\":7"), record.countsJson());
        assertTrue(record.stageTimingsJson().contains("spark_startup_ms"), record.stageTimingsJson());
        assertTrue(run.report().contains("tiers as of 2026-11-25 (3 accounts): healthy 0, at_risk 1, critical 1, churned 1"),
                run.report());
    }

    @Test
    void aFirstRunHasEveryAccountInTheMoversWithNothingToCompareAndNoAlert() {
        Map<String, Row> scores = byAccount(run.rows(Tables.ACCOUNT_HEALTH_SCORE));
        List<Row> changes = run.rows(Tables.ACCOUNT_SCORE_CHANGES);
        assertEquals(scores.size() * MartCatalog.SCORE_CHANGE_WINDOWS.size(), changes.size());
        for (Row r : changes) {
            Row now = scores.get((String) r.getAs(Columns.ACCOUNT_ID));
            assertEquals((double) now.getAs(Columns.HEALTH_SCORE), (double) r.getAs(Columns.HEALTH_SCORE), r.toString());
            assertEquals(AS_OF.minusDays((int) r.getAs(Columns.WINDOW_DAYS)),
                    ((Date) r.getAs(Columns.AS_OF_DATE_BEFORE)).toLocalDate(), r.toString());
            assertNull(r.getAs(Columns.SCORE_CHANGE), "nothing was published before: " + r);
        }
        Row runRow = run.rows(Tables.PIPELINE_RUNS).get(0);
        assertEquals(0L, (long) runRow.getAs(Columns.ALERTS));
        assertEquals(Columns.ALERT_NOT_CONFIGURED, runRow.getAs(Columns.ALERT_DELIVERY));
        assertTrue(run.report().contains("alerts: 0 accounts entered the critical tier or dropped more than "
                + HealthModel.plain(VantageConfig.defaults().getDouble("alerts.min-drop")) + " points "
                + "in a week (webhook: " + Columns.ALERT_NOT_CONFIGURED + ")"), run.report());
    }

    @Test
    void unknownFeatureIsKeptAndReportedAsAWarning() {
        List<Row> checks = run.rows(Tables.DATA_QUALITY_CHECKS);
        Row feature = checks.stream().filter(r -> "feature_used".equals(r.getAs("column_name"))).findFirst().orElseThrow();
        assertEquals("warn", feature.getAs("status"));
        assertEquals(1L, (long) feature.getAs("failing_rows"));
        assertTrue(((String) feature.getAs("detail")).contains("Quantum Widgets"));
        assertTrue(checks.stream().filter(r -> r != feature).allMatch(r -> "pass".equals(r.getAs("status"))),
                checks.toString());
    }

    @Test
    void everyScoredAccountGetsAGroundedInsight() {
        List<Row> insights = run.rows(Tables.ACCOUNT_INSIGHTS);
        assertEquals(Set.of("ACC-0001", "ACC-0002", "ACC-0003"),
                insights.stream().map(r -> (String) r.getAs("account_id")).collect(Collectors.toSet()));
        for (Row r : insights) {
            assertFalse(((String) r.getAs("recommendation")).isBlank(), r.toString());
            assertFalse(((String) r.getAs("transcript_summary")).isBlank(), r.toString());
            assertEquals("local", r.getAs("provider"));
            assertTrue(((String) r.getAs("input_hash")).matches("[0-9a-f]{64}"), r.toString());
            assertEquals(Date.valueOf(AS_OF), r.getAs("as_of_date"));
        }
        assertTrue(run.report().contains("insights for 3 accounts (0 reused from the published run)"), run.report());
    }

    @Test
    void rerunningTheSameAsOfGivesIdenticalMarts() {
        Published again = runAndReadBack();
        assertTrue(again.report().contains("insights for 3 accounts (3 reused from the published run)"), again.report());
        JavaDataFrameSuiteBase frames = new JavaDataFrameSuiteBase();
        for (String table : List.of(Tables.ACCOUNT_HEALTH_HISTORY, Tables.ACCOUNT_HEALTH_SCORE,
                Tables.ACCOUNT_SCORE_CHANGES, Tables.INTERACTION_TRANSCRIPTS_ENRICHED, Tables.ACCOUNT_INSIGHTS)) {
            Dataset<Row> first = run.tables().get(table).frame(SharedSpark.spark()).drop("run_id");
            Dataset<Row> second = again.tables().get(table).frame(SharedSpark.spark()).drop("run_id");
            assertEquals(first.count(), second.count(), table);
            frames.assertDataFrameNoOrderEquals(first, second);
        }
        assertTrue(!run.result().runId().equals(again.result().runId()));
    }
}
