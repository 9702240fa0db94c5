package com.vantagepoint.pipeline.backtest;

import com.vantagepoint.pipeline.schema.SparkTypes;
import com.vantagepoint.scoring.catalog.Tables;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

import static com.vantagepoint.scoring.catalog.Columns.FIGURE_CALIBRATION;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_HELDOUT_AUC;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_SCORE_AUC;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_SIGNAL_AUC;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_SUGGESTED_WEIGHT;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_TIER_CHURN_RATE;
import static com.vantagepoint.scoring.catalog.Columns.FIGURE_TIER_LIFT;

/**
 * The outcome of one backtest: every figure with what it rests on, as SCORE_BACKTEST rows and as the text the
 * command prints.
 *
 * @param confidenceLevel of the AUCs' bootstrap intervals
 * @param history  the as-of dates of the history; its last is the date the churn labels are known at
 * @param labelled the as-of dates that were labelled (their horizon has passed)
 * @param all      what the whole backtest rests on
 */
public record BacktestReport(String backtestId, Instant computedAt, int horizonDays, double confidenceLevel,
                             BacktestFigure.Span history,
                             BacktestFigure.Span labelled, Evidence all, List<BacktestFigure> figures) {

    public List<BacktestFigure> figures(String figure) {
        return figures.stream().filter(f -> f.figure().equals(figure)).toList();
    }

    public Optional<BacktestFigure> figure(String figure, String item) {
        return figures.stream().filter(f -> f.figure().equals(figure) && f.item().equals(item)).findFirst();
    }

    /** The SCORE_BACKTEST rows, in the catalog's column order. */
    public Dataset<Row> toMart(SparkSession spark) {
        List<Row> rows = figures.stream().map(f -> RowFactory.create(backtestId, Timestamp.from(computedAt), horizonDays,
                Date.valueOf(f.span().first()), Date.valueOf(f.span().last()), f.figure(), f.item(), f.value(), f.ciLow(),
                f.ciHigh(), f.meanScore(), f.configuredWeight(), f.suggestedWeight(), f.evidence().accounts(),
                f.evidence().observations(), f.evidence().churnEvents(), f.evidence().churnedObservations(), f.enoughData(),
                f.note())).toList();
        return spark.createDataFrame(rows, SparkTypes.schema(Tables.SCORE_BACKTEST));
    }

    /** What the command prints. */
    public String render() {
        StringBuilder out = new StringBuilder();
        line(out, "[backtest] %s: history %s, labelled as-of dates %s against the CRM as of %s, horizon %d days",
                backtestId, history, labelled, history.last(), horizonDays);
        line(out, "[backtest] %,d observations of %,d accounts, %,d of which churned within the horizon",
                all.observations(), all.accounts(), all.churnEvents());
        figures(FIGURE_SCORE_AUC).forEach(f -> line(out, "ROC AUC of the health score (lower score = higher risk): %s%s",
                auc(f), judged(f)));

        line(out, "Churn within %d days by risk tier at the as-of date:", horizonDays);
        line(out, "  %-10s %10s %13s %9s %13s", "tier", "churn rate", "observations", "accounts", "churn events");
        figures(FIGURE_TIER_CHURN_RATE).forEach(f -> line(out, "  %-10s %10s %,13d %,9d %,13d%s", f.item(), percent(f.value()),
                f.evidence().observations(), f.evidence().accounts(), f.evidence().churnEvents(), judged(f)));
        figures(FIGURE_TIER_LIFT).forEach(f -> line(out, "  lift %s: %s (%s) [%s]%s", f.item().replace("/", " over "),
                f.value() == null ? "n/a" : String.format(Locale.ROOT, "%.1fx", f.value()), liftRates(f.item()),
                counts(f.evidence()), judged(f)));

        line(out, "Calibration by score band:");
        line(out, "  %-8s %10s %10s %13s %9s %13s", "band", "mean score", "churn rate", "observations", "accounts", "churn events");
        figures(FIGURE_CALIBRATION).forEach(f -> line(out, "  %-8s %10.1f %10s %,13d %,9d %,13d%s", f.item(), f.meanScore(),
                percent(f.value()), f.evidence().observations(), f.evidence().accounts(), f.evidence().churnEvents(), judged(f)));

        line(out, "AUC of each signal's points alone (which signals carry the prediction) [%s]:", counts(all));
        figures(FIGURE_SIGNAL_AUC).forEach(f -> line(out, "  %-10s %s%s", f.item(), number(f.value()), judged(f)));

        List<BacktestFigure> weights = figures(FIGURE_SUGGESTED_WEIGHT);
        if (!weights.isEmpty()) {
            line(out, "Suggested weights (logistic regression fitted on %s [%s]; never applied, the configured weights stay yours):",
                    weights.get(0).span(), counts(weights.get(0).evidence()));
            line(out, "  %-10s %10s %10s", "signal", "configured", "suggested");
            weights.forEach(f -> line(out, "  %-10s %10.1f %10.1f", f.item(), f.configuredWeight(), f.suggestedWeight()));
        }
        figures(FIGURE_HELDOUT_AUC).forEach(f -> line(out, "  held-out AUC (%s) of the %s weights: %s%s", f.span(), f.item(),
                auc(f), judged(f)));
        return out.toString();
    }

    private String auc(BacktestFigure f) {
        if (f.value() == null) {
            return "n/a";
        }
        String interval = f.ciLow() == null ? "" : String.format(Locale.ROOT, " (bootstrap %s CI %.3f-%.3f)",
                percentLabel(confidenceLevel), f.ciLow(), f.ciHigh());
        return String.format(Locale.ROOT, "%.3f%s [%s]", f.value(), interval, counts(f.evidence()));
    }

    /** "3.2 % vs 0.0 %": the two tier rates a lift divides. */
    private String liftRates(String item) {
        return java.util.Arrays.stream(item.split("/"))
                .map(tier -> tier + " " + figure(FIGURE_TIER_CHURN_RATE, tier).map(t -> percent(t.value())).orElse("n/a"))
                .collect(java.util.stream.Collectors.joining(" vs "));
    }

    private static String counts(Evidence e) {
        return String.format(Locale.ROOT, "%,d accounts, %,d churn events", e.accounts(), e.churnEvents());
    }

    private static String percentLabel(double share) {
        return com.vantagepoint.scoring.health.HealthModel.plain(share * 100) + " %";
    }

    private static String judged(BacktestFigure f) {
        return f.note() == null ? "" : "  (" + f.note() + ")";
    }

    private static String percent(Double rate) {
        return rate == null ? "n/a" : String.format(Locale.ROOT, "%.1f %%", rate * 100);
    }

    private static String number(Double d) {
        return d == null ? "n/a" : String.format(Locale.ROOT, "%.3f", d);
    }

    private static void line(StringBuilder out, String format, Object... args) {
        out.append(String.format(Locale.ROOT, format, args)).append('\n');
    }
}
