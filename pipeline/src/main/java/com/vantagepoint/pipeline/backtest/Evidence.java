package com.vantagepoint.pipeline.backtest;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.RelationalGroupedDataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.List;

import static com.vantagepoint.scoring.catalog.Columns.ACCOUNTS;
import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.CHURNED_OBSERVATIONS;
import static com.vantagepoint.scoring.catalog.Columns.CHURN_EVENTS;
import static com.vantagepoint.scoring.catalog.Columns.OBSERVATIONS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * What a figure rests on: distinct accounts and labelled (account, date) rows, and how many of each churned
 * within the horizon. An account scored on several dates is one account but several observations.
 */
public record Evidence(long accounts, long observations, long churnEvents, long churnedObservations) {

    public static final Evidence NONE = new Evidence(0, 0, 0, 0);

    /** The {@code extra} aggregates and the four counts of each group ({@code groupBy()}: of all rows). */
    static Dataset<Row> aggregate(RelationalGroupedDataset grouped, Column... extra) {
        List<Column> columns = new ArrayList<>(List.of(extra));
        columns.addAll(List.of(aggregates()));
        return grouped.agg(columns.get(0), columns.subList(1, columns.size()).toArray(Column[]::new));
    }

    /** The counts of all the labelled rows. */
    static Evidence of(Dataset<Row> labelled) {
        return of(aggregate(labelled.groupBy()).first());
    }

    /** The four counts as aggregate columns, named as in SCORE_BACKTEST. */
    private static Column[] aggregates() {
        Column churned = col(ChurnLabels.CHURNED_WITHIN_HORIZON).equalTo(1.0);
        return new Column[]{
                countDistinct(col(ACCOUNT_ID)).as(ACCOUNTS),
                count(lit(1)).as(OBSERVATIONS),
                countDistinct(when(churned, col(ACCOUNT_ID))).as(CHURN_EVENTS),
                sum(when(churned, 1L).otherwise(0L)).as(CHURNED_OBSERVATIONS)};
    }

    /** From a row holding the {@link #aggregates()} columns. */
    static Evidence of(Row r) {
        return new Evidence(r.getAs(ACCOUNTS), r.getAs(OBSERVATIONS), r.getAs(CHURN_EVENTS),
                r.isNullAt(r.fieldIndex(CHURNED_OBSERVATIONS)) ? 0L : r.<Long>getAs(CHURNED_OBSERVATIONS));
    }

    /** Two disjoint groups together (the tiers behind a lift); an account in both counts once per group. */
    Evidence plus(Evidence other) {
        return new Evidence(accounts + other.accounts, observations + other.observations,
                churnEvents + other.churnEvents, churnedObservations + other.churnedObservations);
    }

    public double churnRate() {
        return observations == 0 ? Double.NaN : (double) churnedObservations / observations;
    }

    /** Whether the counts reach the thresholds below which a figure is too few to judge. */
    public boolean enough(BacktestSettings settings) {
        return accounts >= settings.minAccounts() && churnEvents >= settings.minChurnEvents();
    }

    /** "too few to judge: 12 accounts, 2 churn events (needs 30 and 5)", or null when there are enough. */
    public String tooFewNote(BacktestSettings settings) {
        return enough(settings) ? null : "too few to judge: " + accounts + " accounts, " + churnEvents
                + " churn events (needs " + settings.minAccounts() + " and " + settings.minChurnEvents() + ")";
    }
}
