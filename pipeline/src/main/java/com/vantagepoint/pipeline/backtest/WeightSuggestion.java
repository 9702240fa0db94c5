package com.vantagepoint.pipeline.backtest;

import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.Signal;
import org.apache.spark.ml.classification.LogisticRegression;
import org.apache.spark.ml.classification.LogisticRegressionModel;
import org.apache.spark.ml.feature.VectorAssembler;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

import static com.vantagepoint.scoring.catalog.Columns.AS_OF_DATE;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_HELDOUT_AUC;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_SUGGESTED_WEIGHT;
import static com.vantagepoint.scoring.catalog.Columns.HEALTH_SCORE;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.round;

/**
 * Weights the six signals would get if fitted to the churn label: a regularised logistic regression of
 * "churned within the horizon" on each signal's share of its maximum points, fitted on the earlier labelled
 * dates and validated on the later ones, so the validation never sees the period it was fitted on. The
 * suggestion is printed and published beside the configured weights and never applied: the configured weights
 * stay the user's decision.
 */
final class WeightSuggestion {
    static final String ITEM_CONFIGURED = "configured";
    static final String ITEM_SUGGESTED = "suggested";
    private static final String FEATURES = "signal_shares";
    private static final String SUGGESTED_SCORE = "suggested_score";

    private final HealthModel model;
    private final BacktestSettings settings;

    WeightSuggestion(HealthModel model, BacktestSettings settings) {
        this.model = model;
        this.settings = settings;
    }

    /** The suggested-weight rows (one per signal) and the held-out AUC of the configured and suggested score. */
    List<BacktestFigure> suggest(Dataset<Row> labelled, List<LocalDate> labelledDates) {
        if (labelledDates.size() < 2) {
            return List.of(unavailable(new BacktestFigure.Span(labelledDates.get(0), labelledDates.get(0)),
                    "needs at least 2 labelled as-of dates (one to fit on, a later one to validate on), got "
                            + labelledDates.size()));
        }
        LocalDate firstHeldOut = firstHeldOutDate(labelledDates);
        Column heldOutRows = col(AS_OF_DATE).geq(lit(java.sql.Date.valueOf(firstHeldOut)));
        Dataset<Row> fitRows = labelled.filter(not(heldOutRows));
        Dataset<Row> validationRows = labelled.filter(heldOutRows);
        BacktestFigure.Span fitSpan = new BacktestFigure.Span(labelledDates.get(0),
                labelledDates.get(labelledDates.indexOf(firstHeldOut) - 1));
        BacktestFigure.Span validationSpan = new BacktestFigure.Span(firstHeldOut, labelledDates.get(labelledDates.size() - 1));

        Evidence fitEvidence = Evidence.of(fitRows);
        if (fitEvidence.churnedObservations() == 0 || fitEvidence.churnedObservations() == fitEvidence.observations()) {
            return List.of(unavailable(fitSpan, "the fitting dates need churners and non-churners, got "
                    + fitEvidence.churnedObservations() + " churned of " + fitEvidence.observations()));
        }
        Map<Signal, Double> suggested = suggestedPoints(fit(fitRows));

        List<BacktestFigure> figures = new ArrayList<>();
        for (Signal signal : Signal.values()) {
            figures.add(BacktestFigure.of(fitSpan, FIGURE_SUGGESTED_WEIGHT, signal.key(), suggested.get(signal), fitEvidence, settings)
                    .withWeights(model.maxPoints(signal), suggested.get(signal)));
        }
        Evidence validationEvidence = Evidence.of(validationRows);
        figures.add(heldOutAuc(validationSpan, ITEM_CONFIGURED, validationRows, col(HEALTH_SCORE), validationEvidence));
        figures.add(heldOutAuc(validationSpan, ITEM_SUGGESTED, withSuggestedScore(validationRows, suggested),
                col(SUGGESTED_SCORE), validationEvidence));
        return figures;
    }

    /** The latest {@code holdout-share} of the dates, at least one, and at least one date left to fit on. */
    LocalDate firstHeldOutDate(List<LocalDate> dates) {
        int heldOut = (int) Math.ceil(dates.size() * settings.holdoutShare());
        heldOut = Math.max(1, Math.min(heldOut, dates.size() - 1));
        return dates.get(dates.size() - heldOut);
    }

    /** Each signal's points over its maximum (0 to 1), so the fitted coefficients compare like with like. */
    private Column signalShare(Signal signal) {
        double max = model.maxPoints(signal);
        return max > 0 ? col(signal.pointsColumn()).divide(max) : lit(0.0);
    }

    private Dataset<Row> withSignalShares(Dataset<Row> rows) {
        Dataset<Row> shares = rows;
        for (Signal signal : Signal.values()) {
            shares = shares.withColumn(shareColumn(signal), signalShare(signal));
        }
        return new VectorAssembler()
                .setInputCols(Arrays.stream(Signal.values()).map(WeightSuggestion::shareColumn).toArray(String[]::new))
                .setOutputCol(FEATURES)
                .transform(shares);
    }

    private static String shareColumn(Signal signal) {
        return "share_" + signal.key();
    }

    private LogisticRegressionModel fit(Dataset<Row> fitRows) {
        return new LogisticRegression()
                .setFeaturesCol(FEATURES)
                .setLabelCol(ChurnLabels.CHURNED_WITHIN_HORIZON)
                .setRegParam(settings.regularization())
                .setElasticNetParam(settings.elasticNetMix())
                .setMaxIter(settings.maxIterations())
                .fit(withSignalShares(fitRows));
    }

    /**
     * More points must mean less churn, so a signal's weight is the size of its negative coefficient; a signal whose
     * points go with more churn gets none. Scaled so the weights add up to the configured maximum score.
     */
    Map<Signal, Double> suggestedPoints(LogisticRegressionModel fitted) {
        double[] coefficients = fitted.coefficients().toArray();
        double[] protective = Arrays.stream(coefficients).map(c -> Math.max(0, -c)).toArray();
        double total = Arrays.stream(protective).sum();
        Map<Signal, Double> points = new EnumMap<>(Signal.class);
        for (Signal signal : Signal.values()) {
            double share = total > 0 ? protective[signal.ordinal()] / total : 0;
            points.put(signal, HealthModel.roundHalfUp(share * model.maxScore(), 1));
        }
        return points;
    }

    /** The score the suggested weights would give: each signal's share of its maximum times its suggested points. */
    private Dataset<Row> withSuggestedScore(Dataset<Row> rows, Map<Signal, Double> suggested) {
        Column score = lit(0.0);
        for (Signal signal : Signal.values()) {
            score = score.plus(signalShare(signal).multiply(suggested.get(signal)));
        }
        return rows.withColumn(SUGGESTED_SCORE, round(score, 1));
    }

    private BacktestFigure heldOutAuc(BacktestFigure.Span span, String item, Dataset<Row> rows, Column score,
                                      Evidence evidence) {
        double[] interval = AccountBootstrap.interval(rows, score, settings.bootstrapSamples(), settings.bootstrapSeed(),
                settings.confidenceLevel());
        return BacktestFigure.of(span, FIGURE_HELDOUT_AUC, item, ScoreLevels.of(rows, score).auc(), evidence, settings)
                .withInterval(interval[0], interval[1]);
    }

    private BacktestFigure unavailable(BacktestFigure.Span span, String why) {
        return BacktestFigure.of(span, FIGURE_HELDOUT_AUC, ITEM_SUGGESTED, Double.NaN, Evidence.NONE, settings).withNote(why);
    }
}
