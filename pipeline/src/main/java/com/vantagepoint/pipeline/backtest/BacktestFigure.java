package com.vantagepoint.pipeline.backtest;

import java.time.LocalDate;

/**
 * One row of SCORE_BACKTEST: a figure, what it is of, its value and what it rests on. Fields that do not apply to
 * the figure are null.
 *
 * @param span   the labelled as-of dates the figure is computed from
 * @param figure one of {@code MartCatalog.BACKTEST_FIGURES}
 * @param item   what within the figure: health_score, a tier, a score band, a signal, configured/suggested
 * @param note   why the value is missing or too few to judge; null otherwise
 */
public record BacktestFigure(Span span, String figure, String item, Double value, Double ciLow, Double ciHigh, Double meanScore,
                             Double configuredWeight, Double suggestedWeight, Evidence evidence, boolean enoughData,
                             String note) {

    /** First and last as-of date behind a figure. */
    public record Span(LocalDate first, LocalDate last) {
        @Override
        public String toString() {
            return first.equals(last) ? first.toString() : first + " to " + last;
        }
    }

    /** A figure with a value and nothing else, judged against the thresholds. */
    static BacktestFigure of(Span span, String figure, String item, double value, Evidence evidence,
                             BacktestSettings settings) {
        return new BacktestFigure(span, figure, item, finite(value), null, null, null, null, null, evidence,
                evidence.enough(settings), undefinedOrTooFew(value, evidence, settings));
    }

    BacktestFigure withInterval(double low, double high) {
        return new BacktestFigure(span, figure, item, value, finite(low), finite(high), meanScore, configuredWeight,
                suggestedWeight, evidence, enoughData, note);
    }

    BacktestFigure withMeanScore(double mean) {
        return new BacktestFigure(span, figure, item, value, ciLow, ciHigh, finite(mean), configuredWeight, suggestedWeight,
                evidence, enoughData, note);
    }

    BacktestFigure withWeights(double configured, double suggested) {
        return new BacktestFigure(span, figure, item, value, ciLow, ciHigh, meanScore, finite(configured), finite(suggested),
                evidence, enoughData, note);
    }

    BacktestFigure withNote(String why) {
        return new BacktestFigure(span, figure, item, value, ciLow, ciHigh, meanScore, configuredWeight, suggestedWeight,
                evidence, enoughData, why);
    }

    /** NaN and infinities (an AUC without churners, a lift over a zero rate) are published as null. */
    static Double finite(double d) {
        return Double.isFinite(d) ? d : null;
    }

    private static String undefinedOrTooFew(double value, Evidence evidence, BacktestSettings settings) {
        if (!Double.isFinite(value)) {
            return evidence.churnedObservations() == 0 ? "no churn within the horizon: undefined"
                    : evidence.churnedObservations() == evidence.observations() ? "every account churned: undefined"
                    : "undefined";
        }
        return evidence.tooFewNote(settings);
    }
}
