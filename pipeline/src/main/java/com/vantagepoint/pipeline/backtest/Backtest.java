package com.vantagepoint.pipeline.backtest;

import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.Signal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;

import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static com.vantagepoint.scoring.catalog.Columns.AS_OF_DATE;
import static com.vantagepoint.scoring.catalog.Tables.ACCOUNT_HEALTH_HISTORY;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_CALIBRATION;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_SCORE_AUC;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_SIGNAL_AUC;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_TIER_CHURN_RATE;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_TIER_LIFT;
import static com.vantagepoint.scoring.catalog.Columns.HEALTH_SCORE;
import static com.vantagepoint.scoring.catalog.Columns.MEAN_SCORE;
import static com.vantagepoint.scoring.catalog.Columns.RISK_TIER;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.floor;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;

/**
 * Does the score predict churn: labels the scored history ({@link ChurnLabels}) and measures the score against the
 * labels. Every figure is an aggregate computed by Spark; only the aggregates (a few hundred rows at most) reach
 * the driver.
 */
public final class Backtest {
    /** Item of the score's own AUC. */
    public static final String ITEM_HEALTH_SCORE = HEALTH_SCORE;
    private static final String BAND = "score_band";

    private final HealthModel model;
    private final BacktestSettings settings;

    public Backtest(HealthModel model, BacktestSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** Thrown when the history has no as-of date whose horizon has passed. */
    public static final class NothingToLabel extends IllegalStateException {
        private static final long serialVersionUID = 1L;

        NothingToLabel(String message) {
            super(message);
        }
    }

    /**
     * @param history ACCOUNT_HEALTH_HISTORY as published
     * @throws NothingToLabel when no as-of date of the history can be labelled yet
     */
    public BacktestReport run(Dataset<Row> history, String backtestId, Instant computedAt) {
        // scanned four times (its span, the customers, the churn dates twice): read it once
        boolean cachedByCaller = !history.storageLevel().equals(StorageLevel.NONE());
        Dataset<Row> scored = history.cache();
        Dataset<Row> labelled = null;
        try {
            BacktestFigure.Span historySpan = span(scored).orElseThrow(() -> new NothingToLabel(
                    ACCOUNT_HEALTH_HISTORY + " is empty; run `vantagepoint run --history-weeks N` first"));
            labelled = ChurnLabels.label(scored, settings, historySpan.last()).cache();
            List<LocalDate> labelledDates = labelledDates(labelled);
            if (labelledDates.isEmpty()) {
                throw new NothingToLabel(nothingToLabel(historySpan));
            }
            BacktestFigure.Span span = new BacktestFigure.Span(labelledDates.get(0), labelledDates.get(labelledDates.size() - 1));
            Evidence all = Evidence.of(labelled);
            List<BacktestFigure> figures = new ArrayList<>();
            figures.add(scoreAuc(labelled, span, all));
            List<BacktestFigure> tiers = tierChurnRates(labelled, span);
            figures.addAll(tiers);
            figures.add(lift(tiers, span));
            figures.addAll(calibration(labelled, span));
            figures.addAll(signalAucs(labelled, span, all));
            figures.addAll(new WeightSuggestion(model, settings).suggest(labelled, labelledDates));
            return new BacktestReport(backtestId, computedAt, settings.horizonDays(), settings.confidenceLevel(), historySpan, span, all, figures);
        } finally {
            if (labelled != null) {
                labelled.unpersist();
            }
            if (!cachedByCaller) {
                scored.unpersist();
            }
        }
    }

    private static Optional<BacktestFigure.Span> span(Dataset<Row> history) {
        Row r = history.agg(min(AS_OF_DATE), max(AS_OF_DATE)).first();
        return r.isNullAt(0) ? Optional.empty()
                : Optional.of(new BacktestFigure.Span(r.getDate(0).toLocalDate(), r.getDate(1).toLocalDate()));
    }

    private String nothingToLabel(BacktestFigure.Span history) {
        String bounds = settings.from().map(d -> " from " + d).orElse("") + settings.to().map(d -> " up to " + d).orElse("");
        return "no as-of date of " + ACCOUNT_HEALTH_HISTORY + " (" + history + ")" + bounds + " is " + settings.horizonDays()
                + " days or more before its latest date " + history.last() + ", so no horizon has passed yet: "
                + "score more history (run --history-weeks N) or pass a shorter --horizon-days";
    }

    /** The distinct labelled as-of dates, in order (one per scored week: a short list). */
    private static List<LocalDate> labelledDates(Dataset<Row> labelled) {
        return labelled.select(AS_OF_DATE).distinct().orderBy(AS_OF_DATE).collectAsList().stream()
                .map(r -> r.getDate(0).toLocalDate()).toList();
    }

    private BacktestFigure scoreAuc(Dataset<Row> labelled, BacktestFigure.Span span, Evidence all) {
        ScoreLevels levels = ScoreLevels.of(labelled, col(HEALTH_SCORE));
        double[] interval = AccountBootstrap.interval(labelled, col(HEALTH_SCORE), settings.bootstrapSamples(),
                settings.bootstrapSeed(), settings.confidenceLevel());
        return BacktestFigure.of(span, FIGURE_SCORE_AUC, ITEM_HEALTH_SCORE, levels.auc(), all, settings)
                .withInterval(interval[0], interval[1]);
    }

    /** Churn rate within the horizon of each scored tier at the as-of date, in triage order. */
    private List<BacktestFigure> tierChurnRates(Dataset<Row> labelled, BacktestFigure.Span span) {
        Map<String, Evidence> byTier = new HashMap<>();
        for (Row r : Evidence.aggregate(labelled.groupBy(RISK_TIER)).collectAsList()) {
            byTier.put(r.getAs(RISK_TIER), Evidence.of(r));
        }
        List<BacktestFigure> figures = new ArrayList<>();
        for (RiskTier tier : RiskTier.values()) {
            if (tier == RiskTier.CHURNED) {
                continue; // labelled rows were customers at their date
            }
            Evidence evidence = byTier.getOrDefault(tier.label(), Evidence.NONE);
            figures.add(BacktestFigure.of(span, FIGURE_TIER_CHURN_RATE, tier.label(), evidence.churnRate(), evidence, settings));
        }
        return figures;
    }

    /** How many times more often accounts scored critical churned than those scored healthy. */
    private BacktestFigure lift(List<BacktestFigure> tiers, BacktestFigure.Span span) {
        BacktestFigure critical = tier(tiers, RiskTier.CRITICAL);
        BacktestFigure healthy = tier(tiers, RiskTier.HEALTHY);
        Evidence both = critical.evidence().plus(healthy.evidence());
        String item = RiskTier.CRITICAL.label() + "/" + RiskTier.HEALTHY.label();
        double lift = critical.evidence().churnRate() / healthy.evidence().churnRate();
        BacktestFigure figure = BacktestFigure.of(span, FIGURE_TIER_LIFT, item, lift, both, settings);
        if (healthy.evidence().observations() > 0 && healthy.evidence().churnedObservations() == 0) {
            return figure.withNote("no " + RiskTier.HEALTHY.label() + " account churned within the horizon: lift undefined");
        }
        return figure;
    }

    private static BacktestFigure tier(List<BacktestFigure> tiers, RiskTier tier) {
        return tiers.stream().filter(f -> f.item().equals(tier.label())).findFirst().orElseThrow();
    }

    /** Churn rate and mean score per equal-width band of the score range (10 bands: deciles of 0-100). */
    private List<BacktestFigure> calibration(Dataset<Row> labelled, BacktestFigure.Span span) {
        double width = model.maxScore() / settings.calibrationBins();
        Column band = least(floor(col(HEALTH_SCORE).divide(width)), lit(settings.calibrationBins() - 1)).cast("int");
        List<Row> rows = Evidence.aggregate(labelled.groupBy(band.as(BAND)), avg(HEALTH_SCORE).as(MEAN_SCORE))
                .orderBy(BAND).collectAsList();
        List<BacktestFigure> figures = new ArrayList<>();
        for (Row r : rows) {
            int b = r.getAs(BAND);
            Evidence evidence = Evidence.of(r);
            String item = HealthModel.plain(HealthModel.roundHalfUp(b * width, 2)) + "-"
                    + HealthModel.plain(HealthModel.roundHalfUp((b + 1) * width, 2));
            figures.add(BacktestFigure.of(span, FIGURE_CALIBRATION, item, evidence.churnRate(), evidence, settings)
                    .withMeanScore(HealthModel.roundHalfUp(r.<Double>getAs(MEAN_SCORE), 2)));
        }
        return figures;
    }

    /** The AUC of each signal's points alone: which signals carry the prediction. */
    private List<BacktestFigure> signalAucs(Dataset<Row> labelled, BacktestFigure.Span span, Evidence all) {
        List<BacktestFigure> figures = new ArrayList<>();
        for (Signal signal : Signal.values()) {
            ScoreLevels levels = ScoreLevels.of(labelled, col(signal.pointsColumn()));
            figures.add(BacktestFigure.of(span, FIGURE_SIGNAL_AUC, signal.key(), levels.auc(), all, settings));
        }
        return figures;
    }
}
