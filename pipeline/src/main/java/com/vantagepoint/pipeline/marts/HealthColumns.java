package com.vantagepoint.pipeline.marts;

import com.vantagepoint.scoring.health.Band;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.PointsRule;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.Signal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static com.vantagepoint.scoring.catalog.Columns.HEALTH_SCORE;
import static com.vantagepoint.scoring.catalog.Columns.IS_CHURNED;
import static com.vantagepoint.scoring.catalog.Columns.RISK_TIER;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

/**
 * The {@link HealthModel} as Spark column expressions: each signal's {@link PointsRule} is translated into a
 * column that repeats the rule's Java operation order, so the doubles agree bit for bit with
 * {@link HealthModel#score}. The score is the unrounded sum in {@link Signal} order rounded half-up to 1 dp
 * (Spark's {@code round} is HALF_UP on the decimal form, like {@link HealthModel#roundHalfUp}); the published
 * points are rounded to 2 dp. Input columns: each signal's metric column (null = no data) and is_churned.
 */
public final class HealthColumns {
    private final HealthModel model;

    public HealthColumns(HealthModel model) {
        this.model = model;
    }

    /** The unrounded points a signal earns. */
    public Column points(Signal signal) {
        return model.rule(signal).translate(new SparkPoints(col(signal.metricColumn())));
    }

    /** The unrounded sum of every signal's points, in the Java evaluator's order. */
    public Column unroundedTotal() {
        Column total = null;
        for (Signal signal : Signal.values()) {
            total = total == null ? points(signal) : total.plus(points(signal));
        }
        return total;
    }

    public Column healthScore() {
        return round(unroundedTotal(), 1);
    }

    /** The tier of a rounded score column: churned first, then the model's thresholds from the top. */
    public Column riskTier(Column roundedScore) {
        Column tier = when(col(IS_CHURNED), lit(RiskTier.CHURNED.label()));
        for (HealthModel.TierThreshold t : model.thresholds()) {
            tier = tier.when(roundedScore.geq(lit(t.minScore())), lit(t.tier().label()));
        }
        return tier.otherwise(lit(model.floorTier().label()));
    }

    /** Adds every signal's points (2 dp), health_score (1 dp) and risk_tier to a frame of signals. */
    public Dataset<Row> apply(Dataset<Row> signals) {
        Dataset<Row> scored = signals
                .withColumn(HEALTH_SCORE, healthScore())
                .withColumn(RISK_TIER, riskTier(col(HEALTH_SCORE)));
        for (Signal signal : Signal.values()) {
            scored = scored.withColumn(signal.pointsColumn(), round(points(signal), 2));
        }
        return scored;
    }

    /** Spark spelling of each rule kind, applied to the signal's metric column. */
    private record SparkPoints(Column value) implements PointsRule.Translator<Column> {
        @Override
        public Column cappedShare(PointsRule.CappedShare rule) {
            return least(value.cast("bigint"), lit(rule.cap())).cast("double").divide(lit((double) rule.cap()))
                    .multiply(lit(rule.weight()));
        }

        @Override
        public Column complementOfRate(PointsRule.ComplementOfRate rule) {
            return lit(1.0).minus(least(coalesce(value, lit(0.0)), lit(1.0))).multiply(lit(rule.weight()));
        }

        @Override
        public Column banded(PointsRule.Banded rule) {
            return when(value.isNull(), lit(0.0)).otherwise(firstBand(rule.bands()));
        }

        @Override
        public Column shiftedUnit(PointsRule.ShiftedUnit rule) {
            return coalesce(value, lit(0.0)).plus(lit(1.0)).divide(lit(2.0)).multiply(lit(rule.weight()));
        }

        /** First band whose limit the value does not exceed; beyond the last band, 0. */
        private Column firstBand(List<Band> bands) {
            Column points = lit(0.0);
            for (int i = bands.size() - 1; i >= 0; i--) {
                Band band = bands.get(i);
                points = when(value.leq(lit(band.upTo())), lit(band.points())).otherwise(points);
            }
            return points;
        }
    }
}
