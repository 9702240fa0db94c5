package com.vantagepoint.pipeline.marts;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.schema.SparkTypes;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.HealthScore;
import com.vantagepoint.scoring.health.HealthSignals;
import com.vantagepoint.scoring.health.Signal;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructField;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.vantagepoint.pipeline.marts.MartFrames.INTERACTION_METRICS;
import static com.vantagepoint.pipeline.marts.MartFrames.HEALTH_MODEL;
import static com.vantagepoint.pipeline.marts.MartFrames.STAGED_ACCOUNTS;
import static com.vantagepoint.pipeline.marts.MartFrames.USAGE_METRICS;
import static com.vantagepoint.pipeline.marts.MartFrames.account;
import static com.vantagepoint.pipeline.marts.MartFrames.columns;
import static com.vantagepoint.pipeline.marts.MartFrames.date;
import static com.vantagepoint.pipeline.marts.MartFrames.dates;
import static com.vantagepoint.pipeline.marts.MartFrames.frame;
import static com.vantagepoint.pipeline.marts.MartFrames.interactions;
import static com.vantagepoint.pipeline.marts.MartFrames.ts;
import static com.vantagepoint.pipeline.marts.MartFrames.usage;
import static com.vantagepoint.scoring.catalog.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** ACCOUNT_HEALTH_HISTORY on tiny hand-built frames: CRM as of each date, the metric joins, the scored columns. */
class AccountHealthMartTest {
    private static final String THE_RUN = "run-20261125T060000Z-a1b2c3";

    @Test
    void accountsAsOfLeavesOutLaterStartsAndJudgesChurnAndTenureAtEachDate() {
        Dataset<Row> staged = frame(STAGED_ACCOUNTS,
                account("OPEN", "2025-01-01", null, false),
                account("NEW", "2026-11-20", null, false),               // started between the two dates
                account("SAME_DAY", "2026-11-25", null, false),          // starts on the as-of date itself
                account("FUTURE_START", "2026-11-26", null, false),      // after every date: never present
                account("FLAG_NO_END", "2024-06-01", null, true),        // flag without an end date: churned
                account("ENDS_BETWEEN", "2025-06-01", "2026-11-20", true),
                account("ENDS_ON_DATE", "2026-01-01", "2026-11-25", true),
                account("FUTURE_END", "2026-02-01", "2027-03-31", true), // flag set, end still ahead: not yet churned
                account("ENDED_UNFLAGGED", "2025-03-01", "2026-09-30", false));

        Dataset<Row> actual = AccountHealthMart.accountsAsOf(staged, dates("2026-11-18", "2026-11-25"))
                .select(ACCOUNT_ID, AS_OF_DATE, IS_CHURNED, TENURE_DAYS);

        Dataset<Row> expected = SharedSpark.spark().createDataFrame(List.of(
                asOf("OPEN", "2026-11-18", false, 686),
                asOf("OPEN", "2026-11-25", false, 693),
                asOf("NEW", "2026-11-25", false, 5),
                asOf("SAME_DAY", "2026-11-25", false, 0),
                asOf("FLAG_NO_END", "2026-11-18", true, 900),
                asOf("FLAG_NO_END", "2026-11-25", true, 907),
                // end date after 11-18: not churned yet, tenure to the as-of date; on 11-25: churned, tenure to the end
                asOf("ENDS_BETWEEN", "2026-11-18", false, 535),
                asOf("ENDS_BETWEEN", "2026-11-25", true, 537),
                asOf("ENDS_ON_DATE", "2026-11-18", false, 321),
                asOf("ENDS_ON_DATE", "2026-11-25", true, 328),
                asOf("FUTURE_END", "2026-11-18", false, 290),
                asOf("FUTURE_END", "2026-11-25", false, 297),
                // no churn flag: never churned, whatever the end date; tenure stops at the end
                asOf("ENDED_UNFLAGGED", "2026-11-18", false, 578),
                asOf("ENDED_UNFLAGGED", "2026-11-25", false, 578)), actual.schema());
        new JavaDataFrameSuiteBase().assertDataFrameNoOrderEquals(expected, actual);
    }

    @Test
    void accountsAsOfKeepsTheCrmFields() {
        Row r = AccountHealthMart.accountsAsOf(frame(STAGED_ACCOUNTS,
                        account("ACC-1", "Fintech", "enterprise", "2025-01-01", "2027-01-31", false)),
                dates("2026-11-25")).first();
        assertEquals("Fintech", r.getAs(INDUSTRY));
        assertEquals("enterprise", r.getAs(TIER));
        assertEquals("OWN-ACC-1", r.getAs(ACCOUNT_OWNER_ID));
        assertEquals(new java.math.BigDecimal("1250000.00"), r.getAs(ANNUAL_REVENUE));
        assertEquals(date("2025-01-01"), r.getAs(SUBSCRIPTION_START_DATE));
        assertEquals(date("2027-01-31"), r.getAs(SUBSCRIPTION_END_DATE));
        assertEquals(date("2026-11-25"), r.getAs(AS_OF_DATE));
    }

    @Test
    void signalsJoinMetricsByAccountAndDateAndFillNoDataValues() {
        Dataset<Row> accounts = AccountHealthMart.accountsAsOf(frame(STAGED_ACCOUNTS,
                account("FULL", "2025-01-01", null, false),
                account("USAGE_ONLY", "2025-01-01", null, false),
                account("NOTHING", "2025-01-01", null, false)), dates("2026-11-25"));
        Dataset<Row> usage = frame(USAGE_METRICS,
                usage("FULL", "2026-11-25", 42L, 7L, 5, 310.5, 0.0476, 2),
                usage("USAGE_ONLY", "2026-11-25", 3L, 1L, 1, 60.0, 0.3333, 40),
                // another date's metrics and an unknown account must not leak into the 11-25 rows
                usage("NOTHING", "2026-11-18", 9L, 2L, 3, 12.0, 0.5, 1),
                usage("GHOST", "2026-11-25", 1L, 1L, 1, 1.0, 0.0, 0));
        Dataset<Row> interactions = frame(INTERACTION_METRICS,
                interactions("FULL", "2026-11-25", -0.125, -0.8, 6L, 3L, 2L, 1L, 2L, "billing"),
                interactions("NOTHING", "2026-11-18", -0.9, -0.9, 1L, 1L, 0L, 0L, 1L, "bugs"));

        Dataset<Row> signals = AccountHealthMart.signals(accounts, usage, interactions);
        String[] cols = {ACCOUNT_ID, AS_OF_DATE, TOTAL_SESSIONS, ACTIVE_USERS, FEATURES_ADOPTED, AVG_SESSION_DURATION,
                ERROR_RATE, LAST_ACTIVE_AT, DAYS_SINCE_LAST_ACTIVE, AVG_SENTIMENT, WORST_SENTIMENT, TOTAL_INTERACTIONS,
                SUPPORT_TICKET_COUNT, SALES_CALL_COUNT, EMAIL_COUNT, NEGATIVE_INTERACTION_COUNT, TOP_COMPLAINT_CATEGORY,
                TENURE_DAYS};
        Dataset<Row> actual = signals.select(java.util.Arrays.stream(cols).map(c -> col(c)).toArray(org.apache.spark.sql.Column[]::new));

        Dataset<Row> expected = SharedSpark.spark().createDataFrame(List.of(
                RowFactory.create("FULL", date("2026-11-25"), 42L, 7L, 5, 310.5, 0.0476, ts("2026-11-23T12:00:00Z"), 2,
                        -0.125, -0.8, 6L, 3L, 2L, 1L, 2L, "billing", 693),
                // usage but no transcripts: interaction counts 0 and category "none", sentiment stays null
                RowFactory.create("USAGE_ONLY", date("2026-11-25"), 3L, 1L, 1, 60.0, 0.3333, ts("2026-10-16T12:00:00Z"), 40,
                        null, null, 0L, 0L, 0L, 0L, 0L, "none", 693),
                // neither: usage counts and error rate 0, recency, averages and last-active stay null
                RowFactory.create("NOTHING", date("2026-11-25"), 0L, 0L, 0, null, 0.0, null, null,
                        null, null, 0L, 0L, 0L, 0L, 0L, "none", 693)), actual.schema());
        new JavaDataFrameSuiteBase().assertDataFrameNoOrderEquals(expected, actual);
    }

    @Test
    void buildPublishesTheCatalogColumnsInOrderWithTheirTypesAndTheRunId() {
        Dataset<Row> history = history();
        MartCatalog.Table table = MartCatalog.table(Tables.ACCOUNT_HEALTH_HISTORY);
        assertEquals(table.columnNames(), columns(history));
        for (StructField f : history.schema().fields()) {
            assertEquals(SparkTypes.of(table.column(f.name()).orElseThrow().sqlType()), f.dataType(), f.name());
        }
        List<Row> rows = history.collectAsList();
        assertEquals(8, rows.size(), "one row per account and as-of date");
        for (Row r : rows) {
            assertEquals(THE_RUN, r.getAs(RUN_ID));
        }
    }

    @Test
    void buildScoresEveryRowExactlyAsTheHealthModel() {
        List<Row> rows = history().collectAsList();
        for (Row r : rows) {
            HealthSignals signals = new HealthSignals(r.<Long>getAs(TOTAL_SESSIONS), r.<Integer>getAs(FEATURES_ADOPTED),
                    r.<Double>getAs(ERROR_RATE), r.getAs(DAYS_SINCE_LAST_ACTIVE), r.getAs(AVG_SENTIMENT),
                    r.<Long>getAs(SUPPORT_TICKET_COUNT), r.<Boolean>getAs(IS_CHURNED));
            HealthScore expected = HEALTH_MODEL.score(signals);
            String where = r.getAs(ACCOUNT_ID) + " " + r.getAs(AS_OF_DATE);
            for (Signal s : Signal.values()) {
                assertEquals(HealthModel.roundHalfUp(expected.points(s), 2), r.<Double>getAs(s.pointsColumn()), 0.0,
                        s + " " + where);
            }
            assertEquals(expected.healthScore(), r.<Double>getAs(HEALTH_SCORE), 0.0, where);
            assertEquals(expected.tier().label(), r.getAs(RISK_TIER), where);
        }

        Map<String, Row> latest = rows.stream().filter(r -> r.getAs(AS_OF_DATE).equals(date("2026-11-25")))
                .collect(Collectors.toMap(r -> r.getAs(ACCOUNT_ID), r -> r));
        // 15 + 15 + 10 + 20 + 18.75 + 15 = 93.75, rounded half-up
        assertScore(latest.get("THRIVING"), 93.8, "healthy", 15.0, 15.0, 10.0, 20.0, 18.75, 15.0);
        // 7.5 + 7.5 + 7.5 + 8 + 10 + 5
        assertScore(latest.get("WOBBLY"), 45.5, "at_risk", 7.5, 7.5, 7.5, 8.0, 10.0, 5.0);
        // no data: errors full, sentiment neutral, no tickets; nothing for sessions, features, recency
        assertScore(latest.get("SILENT"), 37.5, "critical", 0.0, 0.0, 10.0, 0.0, 12.5, 15.0);
        assertEquals("none", latest.get("SILENT").getAs(TOP_COMPLAINT_CATEGORY));
        assertNull(latest.get("SILENT").getAs(DAYS_SINCE_LAST_ACTIVE));
        assertNull(latest.get("SILENT").getAs(AVG_SENTIMENT));
        // churned overrides the score's tier; the points are still published
        assertEquals("churned", latest.get("GONE").getAs(RISK_TIER));
        assertEquals(true, latest.get("GONE").getAs(IS_CHURNED));
        assertEquals(15.0, latest.get("GONE").<Double>getAs(POINTS_RECENCY), 0.0);
        // a week earlier nobody had metrics yet and GONE's end date (11-20) was still ahead
        Row goneBefore = rows.stream().filter(r -> r.getAs(ACCOUNT_ID).equals("GONE")
                && r.getAs(AS_OF_DATE).equals(date("2026-11-18"))).findFirst().orElseThrow();
        assertEquals("critical", goneBefore.getAs(RISK_TIER));
        assertEquals(37.5, goneBefore.<Double>getAs(HEALTH_SCORE), 0.0);
    }

    private static void assertScore(Row r, double score, String tier, double... points) {
        String who = r.getAs(ACCOUNT_ID);
        assertEquals(score, r.<Double>getAs(HEALTH_SCORE), 0.0, who);
        assertEquals(tier, r.getAs(RISK_TIER), who);
        for (Signal s : Signal.values()) {
            assertEquals(points[s.ordinal()], r.<Double>getAs(s.pointsColumn()), 0.0, who + " " + s);
        }
    }

    /** Four accounts on two dates; metrics only on 11-25. */
    private static Dataset<Row> history() {
        Dataset<Row> staged = frame(STAGED_ACCOUNTS,
                account("THRIVING", "2024-01-01", null, false),
                account("WOBBLY", "2024-01-01", null, false),
                account("SILENT", "2024-01-01", null, false),
                account("GONE", "2024-01-01", "2026-11-20", true));
        Dataset<Row> usage = frame(USAGE_METRICS,
                usage("THRIVING", "2026-11-25", 100L, 9L, 12, 900.0, 0.0, 3),
                usage("WOBBLY", "2026-11-25", 50L, 4L, 6, 300.0, 0.25, 45),
                usage("GONE", "2026-11-25", 5L, 1L, 2, 30.0, 0.1, 30));
        Dataset<Row> interactions = frame(INTERACTION_METRICS,
                interactions("THRIVING", "2026-11-25", 0.5, 0.1, 4L, 0L, 3L, 1L, 0L, "general"),
                interactions("WOBBLY", "2026-11-25", -0.2, -0.7, 8L, 5L, 1L, 2L, 3L, "performance"),
                interactions("GONE", "2026-11-25", -0.6, -0.9, 10L, 9L, 0L, 1L, 8L, "billing"));
        return new AccountHealthMart(new HealthColumns(HEALTH_MODEL))
                .build(staged, dates("2026-11-18", "2026-11-25"), usage, interactions, THE_RUN);
    }

    private static Row asOf(String id, String asOf, boolean churned, int tenure) {
        return RowFactory.create(id, date(asOf), churned, tenure);
    }
}
