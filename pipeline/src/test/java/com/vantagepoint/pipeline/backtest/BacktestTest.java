package com.vantagepoint.pipeline.backtest;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.schema.SparkTypes;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.Signal;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.vantagepoint.scoring.catalog.Columns.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backtest on a hand-made history whose figures are computed by hand below.
 *
 * <p>Dates: 2026-01-26 (D1), 2026-02-02 (D2), 2026-02-09 and the latest, 2026-03-02. Horizon 28 days: D1 and D2 are
 * labelled (D2 + 28 is the latest date itself), 2026-02-09 is not (its horizon ends 03-09), nor is the latest.
 * Accounts (same score on every date):
 * <pre>
 *   A 20 critical  churns 02-10      churner at D1 and D2
 *   B 35 critical  stays
 *   C 50 at_risk   churns 02-28      not at D1 (02-28 is beyond 02-23), churner at D2
 *   D 70 healthy   end 02-15 but not flagged: a renewal date, stays
 *   E 80 healthy   stays
 *   F 60 at_risk   churned 01-10, before every date: never labelled
 *   G 45 at_risk   flagged without an end date, first seen churned on 03-02: churner at D2 only
 *   H 75 healthy   churns 02-20      churner at D1 and D2
 * </pre>
 * Labelled rows: 14 (7 accounts x 2 dates), 6 churned (A, H at D1; A, C, G, H at D2), 4 churn events (A, C, G, H).
 * AUC: churners' scores 20, 20, 75, 75, 50, 45 against stayers 35, 50, 70, 80, 45 (D1) and 35, 70, 80 (D2):
 * 20 beats all 8 (x2 = 16), 75 beats the two 80s (x2 = 4), 50 beats four and ties one (4.5), 45 beats five and ties
 * one (5.5): 30 of 6 x 8 = 48 pairs, AUC 0.625.
 * Tier churn rates: critical 2 of 4 (0.5), at_risk 2 of 4 (0.5), healthy 2 of 6 (1/3); lift 0.5 / (1/3) = 1.5.
 */
class BacktestTest {
    static final HealthModel MODEL = HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring"));
    static final LocalDate LATEST = LocalDate.parse("2026-03-02");
    static final List<String> DATES = List.of("2026-01-26", "2026-02-02", "2026-02-09", "2026-03-02");

    static BacktestSettings settings;
    static BacktestReport report;

    @BeforeAll
    static void backtestTheHandMadeHistory() {
        settings = BacktestSettings.from(VantageConfig.load(null, Map.of(
                BacktestSettings.HORIZON_DAYS, 28, "backtest.min-accounts", 5, "backtest.min-churn-events", 2,
                "backtest.bootstrap-samples", 200)), Optional.empty(), Optional.empty());
        report = new Backtest(MODEL, settings).run(handMadeHistory(), "backtest-test", Instant.parse("2026-03-03T06:00:00Z"));
        System.out.print(report.render());
    }

    @Test
    void labelsOnlyDatesWhoseHorizonHasPassedAndOnlyAccountsThatWereCustomers() {
        assertEquals(new BacktestFigure.Span(LocalDate.parse("2026-01-26"), LocalDate.parse("2026-02-02")), report.labelled());
        assertEquals(new Evidence(7, 14, 4, 6), report.all());
    }

    @Test
    void scoreAucIsTheHandComputedOneWithAnIntervalAroundIt() {
        BacktestFigure auc = report.figure(FIGURE_SCORE_AUC, Backtest.ITEM_HEALTH_SCORE).orElseThrow();
        assertEquals(0.625, auc.value(), 1e-12);
        assertTrue(auc.ciLow() <= 0.625 && 0.625 <= auc.ciHigh(), auc.ciLow() + ".." + auc.ciHigh());
        assertTrue(auc.enoughData());
        assertNull(auc.note());
    }

    @Test
    void tierChurnRatesAndLiftAreTheHandComputedOnes() {
        Map<String, Double> rates = new HashMap<>();
        report.figures(FIGURE_TIER_CHURN_RATE).forEach(f -> rates.put(f.item(), f.value()));
        assertEquals(Map.of("healthy", 1.0 / 3, "at_risk", 0.5, "critical", 0.5), rates);
        BacktestFigure critical = report.figure(FIGURE_TIER_CHURN_RATE, "critical").orElseThrow();
        assertEquals(new Evidence(2, 4, 1, 2), critical.evidence());
        assertFalse(critical.enoughData(), "2 accounts are below min-accounts 5");
        assertEquals("too few to judge: 2 accounts, 1 churn events (needs 5 and 2)", critical.note());
        assertEquals(1.5, report.figure(FIGURE_TIER_LIFT, "critical/healthy").orElseThrow().value(), 1e-12);
    }

    @Test
    void calibrationBandsHoldTheirRowsMeanScoreAndChurnRate() {
        List<String> bands = report.figures(FIGURE_CALIBRATION).stream().map(BacktestFigure::item).toList();
        assertEquals(List.of("20-30", "30-40", "40-50", "50-60", "70-80", "80-90"), bands);
        BacktestFigure seventies = report.figure(FIGURE_CALIBRATION, "70-80").orElseThrow();
        assertEquals(72.5, seventies.meanScore());
        assertEquals(0.5, seventies.value());
        assertEquals(new Evidence(2, 4, 1, 2), seventies.evidence());
    }

    @Test
    void aSignalThatSeparatesChurnersScoresOneAndAConstantOneHalf() {
        Map<String, Double> aucs = new HashMap<>();
        report.figures(FIGURE_SIGNAL_AUC).forEach(f -> aucs.put(f.item(), f.value()));
        assertEquals(1.0, aucs.get(Signal.RECENCY.key()));
        assertEquals(0.5, aucs.get(Signal.SESSIONS.key()));
        assertEquals(6, aucs.size());
    }

    @Test
    void suggestedWeightsFollowTheSeparatingSignalAndAreValidatedOnTheLaterDate() {
        Map<String, BacktestFigure> weights = new HashMap<>();
        report.figures(FIGURE_SUGGESTED_WEIGHT).forEach(f -> weights.put(f.item(), f));
        BacktestFigure recency = weights.get(Signal.RECENCY.key());
        assertEquals(MODEL.maxPoints(Signal.RECENCY), recency.configuredWeight());
        assertEquals(MODEL.maxScore(), recency.suggestedWeight(), "the only signal that varies takes every point");
        assertEquals(0.0, weights.get(Signal.SESSIONS.key()).suggestedWeight());
        assertEquals(new BacktestFigure.Span(LocalDate.parse("2026-01-26"), LocalDate.parse("2026-01-26")), recency.span());
        BacktestFigure suggested = report.figure(FIGURE_HELDOUT_AUC, "suggested").orElseThrow();
        BacktestFigure configured = report.figure(FIGURE_HELDOUT_AUC, "configured").orElseThrow();
        assertEquals(LocalDate.parse("2026-02-02"), suggested.span().first());
        assertEquals(1.0, suggested.value());
        // D2 alone: churners 20, 75, 50, 45 against stayers 35, 70, 80: 3 + 1 + 2 + 2 = 8 of 12
        assertEquals(8.0 / 12, configured.value(), 1e-12);
    }

    @Test
    void martRowsFollowTheCatalog() {
        Dataset<Row> mart = report.toMart(SharedSpark.spark());
        assertEquals(MartCatalog.table(Tables.SCORE_BACKTEST).columnNames(), List.of(mart.columns()));
        assertEquals(report.figures().size(), mart.count());
        assertTrue(MartCatalog.BACKTEST_FIGURES.containsAll(
                mart.select(FIGURE).distinct().collectAsList().stream().map(r -> r.getString(0)).toList()));
    }

    @Test
    void bootstrapIsDeterministicForTheSameSeed() {
        BacktestReport again = new Backtest(MODEL, settings).run(handMadeHistory(), "backtest-again", Instant.now());
        BacktestFigure first = report.figure(FIGURE_SCORE_AUC, Backtest.ITEM_HEALTH_SCORE).orElseThrow();
        BacktestFigure second = again.figure(FIGURE_SCORE_AUC, Backtest.ITEM_HEALTH_SCORE).orElseThrow();
        assertEquals(first.ciLow(), second.ciLow());
        assertEquals(first.ciHigh(), second.ciHigh());
    }

    @Test
    void aHistoryWithoutAPassedHorizonSaysSoInsteadOfReportingNothing() {
        Backtest tooLong = new Backtest(MODEL, settings.withHorizonDays(90));
        Backtest.NothingToLabel e = assertThrows(Backtest.NothingToLabel.class,
                () -> tooLong.run(handMadeHistory(), "backtest-none", Instant.now()));
        assertTrue(e.getMessage().contains("90 days or more before its latest date 2026-03-02"), e.getMessage());
    }

    @Test
    void fromAndToNarrowTheLabelledDatesAndOneDateIsTooFewToValidateWeightsOn() {
        BacktestSettings firstDateOnly = new BacktestSettings(28, Optional.empty(), Optional.of(LocalDate.parse("2026-01-26")),
                50, 1, 0.95, 5, 2, 10, 0.34, 0.01, 0, 50);
        BacktestReport narrowed = new Backtest(MODEL, firstDateOnly).run(handMadeHistory(), "backtest-to", Instant.now());
        assertEquals(new BacktestFigure.Span(LocalDate.parse("2026-01-26"), LocalDate.parse("2026-01-26")), narrowed.labelled());
        assertEquals(new Evidence(7, 7, 2, 2), narrowed.all(), "A and H churn within 28 days of 01-26");
        assertTrue(narrowed.figures(FIGURE_SUGGESTED_WEIGHT).isEmpty());
        BacktestFigure heldOut = narrowed.figures(FIGURE_HELDOUT_AUC).get(0);
        assertNull(heldOut.value());
        assertTrue(heldOut.note().startsWith("needs at least 2 labelled as-of dates"), heldOut.note());
    }

    @Test
    void theBootstrapDrawsPoissonOneWeights() {
        List<Row> moments = SharedSpark.spark().range(20_000)
                .select(AccountBootstrap.poissonOneDraw(org.apache.spark.sql.functions.col("id").cast("string"),
                        org.apache.spark.sql.functions.lit(3L), 42).as("w"))
                .agg(org.apache.spark.sql.functions.avg("w"), org.apache.spark.sql.functions.variance("w"),
                        org.apache.spark.sql.functions.avg(org.apache.spark.sql.functions.expr("CAST(w = 0 AS INT)")))
                .collectAsList();
        Row m = moments.get(0);
        assertEquals(1.0, m.getDouble(0), 0.03, "mean");
        assertEquals(1.0, m.getDouble(1), 0.05, "variance");
        assertEquals(Math.exp(-1), m.getDouble(2), 0.015, "share drawn zero times");
    }

    // ------------------------------------------------------------------------------------------------ fixtures

    /** One account: score, tier, churn flag, end date and when the history first shows it churned. */
    private record Plan(String id, double score, String tier, boolean flagged, String end) {
    }

    private static final List<Plan> PLANS = List.of(
            new Plan("A", 20, "critical", true, "2026-02-10"),
            new Plan("B", 35, "critical", false, null),
            new Plan("C", 50, "at_risk", true, "2026-02-28"),
            new Plan("D", 70, "healthy", false, "2026-02-15"),
            new Plan("E", 80, "healthy", false, null),
            new Plan("F", 60, "at_risk", true, "2026-01-10"),
            new Plan("G", 45, "at_risk", true, null),
            new Plan("H", 75, "healthy", true, "2026-02-20"));

    /** Accounts churning within 28 days of a date, for the one signal planted to separate them. */
    private static boolean churnsWithin28Days(Plan p, LocalDate asOf) {
        LocalDate churn = p.end() != null ? LocalDate.parse(p.end()) : p.flagged() ? LATEST : null;
        return p.flagged() && churn != null && churn.isAfter(asOf) && !churn.isAfter(asOf.plusDays(28));
    }

    static Dataset<Row> handMadeHistory() {
        StructType schema = SparkTypes.schema(Tables.ACCOUNT_HEALTH_HISTORY);
        List<Row> rows = new ArrayList<>();
        for (String d : DATES) {
            LocalDate asOf = LocalDate.parse(d);
            for (Plan p : PLANS) {
                // G is flagged without an end date and first shows as churned on the latest date
                boolean churned = p.flagged() && (p.end() == null ? asOf.equals(LATEST) : !LocalDate.parse(p.end()).isAfter(asOf));
                Map<String, Object> v = new HashMap<>();
                v.put(ACCOUNT_ID, p.id());
                v.put(SUBSCRIPTION_END_DATE, p.end() == null ? null : Date.valueOf(p.end()));
                v.put(IS_CHURNED, churned);
                v.put(HEALTH_SCORE, p.score());
                v.put(RISK_TIER, churned ? "churned" : p.tier());
                v.put(AS_OF_DATE, Date.valueOf(asOf));
                for (Signal s : Signal.values()) {
                    v.put(s.pointsColumn(), 10.0);
                }
                v.put(Signal.RECENCY.pointsColumn(), churnsWithin28Days(p, asOf) ? 0.0 : 20.0);
                Object[] values = new Object[schema.size()];
                for (int i = 0; i < values.length; i++) {
                    values[i] = v.get(schema.fields()[i].name());
                }
                rows.add(RowFactory.create(values));
            }
        }
        return SharedSpark.spark().createDataFrame(rows, schema);
    }
}
