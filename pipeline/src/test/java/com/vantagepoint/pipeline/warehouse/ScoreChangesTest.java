package com.vantagepoint.pipeline.warehouse;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.Signal;
import com.vantagepoint.scoring.testing.SignalPoints;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.vantagepoint.scoring.catalog.Tables.ACCOUNT_HEALTH_HISTORY;
import static com.vantagepoint.scoring.catalog.Tables.ACCOUNT_SCORE_CHANGES;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * ACCOUNT_SCORE_CHANGES on a hand-made history published to a real DuckDB warehouse: each run publishes one date (as
 * a run with {@code --history-weeks 0} does), so the week before comes from the earlier run's published row.
 */
class ScoreChangesTest {
    private static final LocalDate WEEK_BEFORE = LocalDate.parse("2026-11-04");
    private static final LocalDate NOW = LocalDate.parse("2026-11-11");
    private static final String HEALTHY = RiskTier.HEALTHY.label();
    private static final String AT_RISK = RiskTier.AT_RISK.label();

    @TempDir
    Path dir;

    @BeforeAll
    static void startSpark() {
        DuckDbWarehouseTest.spark = SharedSpark.spark();
    }

    /** A history row with the points of every signal and the metrics the test looks at. */
    private static Row scored(String account, LocalDate date, Map<Signal, Double> points, double score, String tier,
                              int daysSinceLastActive, double avgSentiment, String runId) {
        Map<String, Object> m = new HashMap<>();
        m.put(Columns.ACCOUNT_ID, account);
        m.put(Columns.AS_OF_DATE, Date.valueOf(date));
        m.put(Columns.IS_CHURNED, false);
        m.put(Columns.TOTAL_SESSIONS, 42L);
        m.put(Columns.FEATURES_ADOPTED, 5);
        m.put(Columns.ERROR_RATE, 0.0125);
        m.put(Columns.DAYS_SINCE_LAST_ACTIVE, daysSinceLastActive);
        m.put(Columns.AVG_SENTIMENT, avgSentiment);
        m.put(Columns.SUPPORT_TICKET_COUNT, 1L);
        m.put(Columns.NEGATIVE_INTERACTION_COUNT, 2L);
        m.put(Columns.TOP_COMPLAINT_CATEGORY, "billing");
        points.forEach((signal, p) -> m.put(signal.pointsColumn(), p));
        m.put(Columns.HEALTH_SCORE, score);
        m.put(Columns.RISK_TIER, tier);
        m.put(Columns.RUN_ID, runId);
        return DuckDbWarehouseTest.row(ACCOUNT_HEALTH_HISTORY, m);
    }

    private DuckDbWarehouse publishTwoWeeks() {
        DuckDbWarehouse w = new DuckDbWarehouse(dir, 3, HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring")));
        w.publish(DuckDbWarehouseTest.withHistory("run-1", WEEK_BEFORE, List.of(
                scored("ACC-A", WEEK_BEFORE, SignalPoints.of(15, 10, 10, 20, 10, 5), 70.0, HEALTHY, 3, 0.5, "run-1"))));
        // A went quiet and got unhappy; B is new this week.
        w.publish(DuckDbWarehouseTest.withHistory("run-2", NOW, List.of(
                scored("ACC-A", NOW, SignalPoints.of(15, 10, 10, 8, 2.5, 5), 50.5, AT_RISK, 35, -0.4, "run-2"),
                scored("ACC-B", NOW, SignalPoints.of(15, 15, 10, 20, 15, 5), 80.0, HEALTHY, 1, 0.6, "run-2"))));
        return w;
    }

    private static Map<String, Row> byAccountAndWindow(DuckDbWarehouse w) {
        return w.readPublished(SharedSpark.spark(), ACCOUNT_SCORE_CHANGES).orElseThrow().collectAsList().stream()
                .collect(Collectors.toMap(r -> r.getAs(Columns.ACCOUNT_ID) + "/" + r.getAs(Columns.WINDOW_DAYS), r -> r));
    }

    @Test
    void aWeekOnTheChangeIsSplitBySignalWithTheTierTransition() {
        Map<String, Row> changes = byAccountAndWindow(publishTwoWeeks());
        assertEquals(java.util.Set.of("ACC-A/7", "ACC-A/28", "ACC-B/7", "ACC-B/28"), changes.keySet());

        Row a = changes.get("ACC-A/7");
        assertEquals(Date.valueOf(NOW), a.getAs(Columns.AS_OF_DATE));
        assertEquals(Date.valueOf(WEEK_BEFORE), a.getAs(Columns.AS_OF_DATE_BEFORE));
        assertEquals(50.5, (double) a.getAs(Columns.HEALTH_SCORE));
        assertEquals(70.0, (double) a.getAs(Columns.HEALTH_SCORE_BEFORE));
        assertEquals(-19.5, (double) a.getAs(Columns.SCORE_CHANGE));
        assertEquals(HEALTHY, a.getAs(Columns.RISK_TIER_BEFORE));
        assertEquals(AT_RISK, a.getAs(Columns.RISK_TIER));
        assertEquals(true, a.getAs(Columns.TIER_CHANGED));
        assertEquals(-12.0, (double) a.getAs(Signal.RECENCY.pointsChangeColumn()));
        assertEquals(-7.5, (double) a.getAs(Signal.SENTIMENT.pointsChangeColumn()));
        for (Signal unchanged : List.of(Signal.SESSIONS, Signal.FEATURES, Signal.ERRORS, Signal.SUPPORT)) {
            assertEquals(0.0, (double) a.getAs(unchanged.pointsChangeColumn()), unchanged.key());
        }
        assertEquals(35.0, (double) a.getAs(Signal.RECENCY.metricColumn()));
        assertEquals(3.0, (double) a.getAs(Signal.RECENCY.metricBeforeColumn()));
        assertEquals(-0.4, (double) a.getAs(Signal.SENTIMENT.metricColumn()));
        assertEquals(0.5, (double) a.getAs(Signal.SENTIMENT.metricBeforeColumn()));
        assertEquals(2L, (long) a.getAs(Columns.NEGATIVE_INTERACTION_COUNT));
        assertEquals("billing", a.getAs(Columns.TOP_COMPLAINT_CATEGORY));
        assertEquals("run-2", a.getAs(Columns.RUN_ID));
    }

    @Test
    void withNothingToCompareWithTheChangeIsNull() {
        Map<String, Row> changes = byAccountAndWindow(publishTwoWeeks());
        // B has no row a week before; nobody has one four weeks before.
        for (String key : List.of("ACC-B/7", "ACC-A/28", "ACC-B/28")) {
            Row r = changes.get(key);
            for (String column : List.of(Columns.HEALTH_SCORE_BEFORE, Columns.SCORE_CHANGE, Columns.RISK_TIER_BEFORE,
                    Columns.TIER_CHANGED, Signal.RECENCY.pointsChangeColumn(), Signal.RECENCY.metricBeforeColumn())) {
                assertNull(r.getAs(column), key + " " + column);
            }
            assertEquals(Date.valueOf(NOW), r.getAs(Columns.AS_OF_DATE), key);
        }
        assertEquals(Date.valueOf(NOW.minusDays(28)), changes.get("ACC-A/28").getAs(Columns.AS_OF_DATE_BEFORE));
        assertEquals(80.0, (double) changes.get("ACC-B/7").getAs(Columns.HEALTH_SCORE));
    }

    @Test
    void backfillingAnOlderDateKeepsComparingTheLatestOne() {
        DuckDbWarehouse w = publishTwoWeeks();
        LocalDate older = WEEK_BEFORE.minusWeeks(1);
        w.publish(DuckDbWarehouseTest.withHistory("run-3", older, List.of(
                scored("ACC-A", older, SignalPoints.of(15, 10, 10, 20, 10, 5), 70.0, HEALTHY, 2, 0.5, "run-3"))));
        Row a = byAccountAndWindow(w).get("ACC-A/7");
        assertEquals(Date.valueOf(NOW), a.getAs(Columns.AS_OF_DATE));
        assertEquals(-19.5, (double) a.getAs(Columns.SCORE_CHANGE));
    }
}
