package com.vantagepoint.pipeline.backtest;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import java.util.Arrays;

import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.pmod;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;
import static org.apache.spark.sql.functions.xxhash64;

/**
 * The bootstrap confidence interval of an AUC, resampling accounts rather than rows: an account scored on nine
 * weekly dates is nine rows but one customer, and its rows rise and fall together, so resampling rows would
 * pretend there is nine times the evidence and give far too narrow an interval.
 *
 * <p>Poisson bootstrap: in each resample every account is drawn a Poisson(1) number of times (the usual stand-in
 * for drawing n accounts with replacement when n is large). The draw is a hash of (account, resample, seed), so the
 * same history and seed give the same interval, and Spark computes every resample's AUC with column expressions;
 * only one AUC per resample reaches the driver. The work grows with rows times resamples
 * ({@code backtest.bootstrap-samples}).
 */
final class AccountBootstrap {
    private static final String SAMPLE = "bootstrap_sample";
    private static final String LEVEL = "level";
    private static final String WEIGHT = "weight";
    private static final String CHURNERS = "churners";
    private static final String STAYERS = "stayers";
    private static final String AUC = "auc";
    /** Uniform draws at this resolution: plenty for a Poisson(1) whose tail beyond 8 is below 1e-5. */
    private static final long HASH_BUCKETS = 1L << 24;
    private static final int MAX_DRAWS = 8;

    private AccountBootstrap() {
    }

    /** {low, high} of the percentile interval; NaNs when no resample has both churners and stayers. */
    static double[] interval(Dataset<Row> labelled, Column score, int samples, long seed, double confidenceLevel) {
        double[] aucs = resampledAucs(labelled, score, samples, seed);
        Arrays.sort(aucs);
        double tail = (1 - confidenceLevel) / 2;
        return new double[]{quantile(aucs, tail), quantile(aucs, 1 - tail)};
    }

    private static double[] resampledAucs(Dataset<Row> labelled, Column score, int samples, long seed) {
        Dataset<Row> weighted = weightedRows(labelled, score, samples, seed);
        Dataset<Row> levels = weightedLevels(weighted);
        return aucPerSample(levels).collectAsList().stream().mapToDouble(r -> r.getDouble(0)).toArray();
    }

    /** Every labelled row once per resample, weighted by its account's Poisson(1) draw in that resample. */
    private static Dataset<Row> weightedRows(Dataset<Row> labelled, Column score, int samples, long seed) {
        Dataset<Row> sampleIds = labelled.sparkSession().range(samples).withColumnRenamed("id", SAMPLE);
        return labelled.select(col(ACCOUNT_ID), score.as(LEVEL), col(ChurnLabels.CHURNED_WITHIN_HORIZON))
                .crossJoin(broadcast(sampleIds))
                .withColumn(WEIGHT, poissonOneDraw(col(ACCOUNT_ID), col(SAMPLE), seed));
    }

    /**
     * A Poisson(1) draw by inversion: a uniform from the hash, and the number of cumulative probabilities
     * P(X <= k) it reaches.
     */
    static Column poissonOneDraw(Column account, Column sample, long seed) {
        Column uniform = pmod(xxhash64(account, sample, lit(seed)), lit(HASH_BUCKETS)).divide((double) HASH_BUCKETS);
        Column draws = lit(0);
        double cumulative = 0;
        double probability = Math.exp(-1); // P(X = 0)
        for (int k = 0; k < MAX_DRAWS; k++) {
            cumulative += probability;
            draws = draws.plus(when(uniform.geq(cumulative), 1).otherwise(0));
            probability /= (k + 1); // P(X = k + 1) = P(X = k) / (k + 1)
        }
        return draws;
    }

    /** Weighted churners and stayers per resample and score level. */
    private static Dataset<Row> weightedLevels(Dataset<Row> weighted) {
        Column churned = col(ChurnLabels.CHURNED_WITHIN_HORIZON);
        return weighted.filter(col(WEIGHT).gt(0))
                .groupBy(SAMPLE, LEVEL)
                .agg(sum(col(WEIGHT).multiply(churned)).as(CHURNERS),
                        sum(col(WEIGHT).multiply(lit(1.0).minus(churned))).as(STAYERS));
    }

    /**
     * Each resample's AUC, as {@link ScoreLevels#auc} computes it: a churner beats the stayers scored above it and
     * half of those scored the same.
     */
    private static Dataset<Row> aucPerSample(Dataset<Row> levels) {
        WindowSpec above = Window.partitionBy(SAMPLE).orderBy(col(LEVEL).desc())
                .rowsBetween(Window.unboundedPreceding(), -1);
        Column stayersAbove = coalesce(sum(STAYERS).over(above), lit(0.0));
        Column wins = col(CHURNERS).multiply(stayersAbove.plus(col(STAYERS).multiply(0.5)));
        return levels.withColumn("wins", wins)
                .groupBy(SAMPLE)
                .agg(sum("wins").divide(sum(CHURNERS).multiply(sum(STAYERS))).as(AUC))
                .filter(col(AUC).isNotNull().and(not(isnan(col(AUC)))))
                .select(AUC);
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[(int) Math.round(q * (sorted.length - 1))];
    }
}
