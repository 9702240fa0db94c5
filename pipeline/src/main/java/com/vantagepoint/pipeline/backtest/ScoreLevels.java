package com.vantagepoint.pipeline.backtest;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;

/**
 * The churners and non-churners at each distinct value of a score, in increasing order of the score: everything
 * the ROC AUC and its bootstrap need. Spark aggregates the labelled rows to this (a score of 0-100 at 1 dp has at
 * most 1,001 values), so the AUC never needs the rows themselves on the driver.
 *
 * <p>A low score means high risk, so the AUC is the chance that a churner scored lower than a non-churner
 * (ties count half): 1 is a perfect warning, 0.5 is chance.
 */
public record ScoreLevels(double[] scores, long[] churners, long[] stayers) {
    private static final String LEVEL = "level";
    private static final String CHURNERS = "churners";
    private static final String STAYERS = "stayers";

    /** Counts per distinct value of {@code score} of the labelled rows. */
    public static ScoreLevels of(Dataset<Row> labelled, Column score) {
        Column churned = col(ChurnLabels.CHURNED_WITHIN_HORIZON);
        List<Row> rows = labelled.groupBy(score.as(LEVEL))
                .agg(sum(churned).cast("long").as(CHURNERS), count(lit(1)).minus(sum(churned).cast("long")).as(STAYERS))
                .orderBy(LEVEL)
                .collectAsList();
        double[] scores = new double[rows.size()];
        long[] churners = new long[rows.size()];
        long[] stayers = new long[rows.size()];
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i);
            scores[i] = r.isNullAt(0) ? Double.NaN : r.getDouble(0);
            churners[i] = r.getLong(1);
            stayers[i] = r.getLong(2);
        }
        return new ScoreLevels(scores, churners, stayers);
    }

    /** The ROC AUC, or NaN when either class is empty. */
    public double auc() {
        return auc(churners, stayers);
    }

    /**
     * Walks the levels from the highest score down: each churner beats every stayer scored above it and half of
     * those scored the same.
     */
    static double auc(long[] churners, long[] stayers) {
        double wins = 0;
        long stayersAbove = 0;
        long totalChurners = 0;
        for (int i = churners.length - 1; i >= 0; i--) {
            wins += churners[i] * (stayersAbove + 0.5 * stayers[i]);
            stayersAbove += stayers[i];
            totalChurners += churners[i];
        }
        return totalChurners == 0 || stayersAbove == 0 ? Double.NaN : wins / ((double) totalChurners * stayersAbove);
    }
}
