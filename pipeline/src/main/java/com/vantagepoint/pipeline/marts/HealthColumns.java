package com.vantagepoint.pipeline.marts;

import com.vantagepoint.scoring.health.Band;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.RiskTier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.List;

import static com.vantagepoint.pipeline.marts.MartColumns.AVG_SENTIMENT;
import static com.vantagepoint.pipeline.marts.MartColumns.DAYS_SINCE_LAST_ACTIVE;
import static com.vantagepoint.pipeline.marts.MartColumns.ERROR_RATE;
import static com.vantagepoint.pipeline.marts.MartColumns.FEATURES_ADOPTED;
import static com.vantagepoint.pipeline.marts.MartColumns.HEALTH_SCORE;
import static com.vantagepoint.pipeline.marts.MartColumns.POINTS_ERRORS;
import static com.vantagepoint.pipeline.marts.MartColumns.POINTS_FEATURES;
import static com.vantagepoint.pipeline.marts.MartColumns.POINTS_RECENCY;
import static com.vantagepoint.pipeline.marts.MartColumns.POINTS_SENTIMENT;
import static com.vantagepoint.pipeline.marts.MartColumns.POINTS_SESSIONS;
import static com.vantagepoint.pipeline.marts.MartColumns.POINTS_SUPPORT;
import static com.vantagepoint.pipeline.marts.MartColumns.RISK_TIER;
import static com.vantagepoint.pipeline.marts.MartColumns.SUPPORT_TICKET_COUNT;
import static com.vantagepoint.pipeline.marts.MartColumns.TOTAL_SESSIONS;
import static com.vantagepoint.pipeline.staging.Columns.IS_CHURNED;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.when;

/**
 * The health model of SPEC §5 as Spark column expressions, generated from the same {@link HealthModel}
 * definition the plain-Java evaluator uses: every weight, cap, band and tier threshold is read from the model.
 * Each expression repeats the Java evaluator's operation order so the doubles agree bit for bit; the score is
 * the unrounded sum rounded half-up to 1 dp (Spark's {@code round} is HALF_UP on the decimal form, like
 * {@link HealthModel#roundHalfUp}), and the displayed points are rounded to 2 dp.
 * <p>Input columns: total_sessions, features_adopted, error_rate, days_since_last_active (null = no usage),
 * avg_sentiment (null = no transcripts), support_ticket_count, is_churned (churned as of the date).
 */
public final class HealthColumns {
    private final HealthModel model;

    public HealthColumns(HealthModel model) {
        this.model = model;
    }

    public Column pointsSessions() {
        double cap = model.sessionsCap();
        return least(col(TOTAL_SESSIONS), lit(model.sessionsCap())).cast("double").divide(lit(cap))
                .multiply(lit(model.sessionsWeight()));
    }

    public Column pointsFeatures() {
        double cap = model.featuresCap();
        return least(col(FEATURES_ADOPTED).cast("bigint"), lit(model.featuresCap())).cast("double").divide(lit(cap))
                .multiply(lit(model.featuresWeight()));
    }

    public Column pointsErrors() {
        return lit(1.0).minus(least(coalesce(col(ERROR_RATE), lit(0.0)), lit(1.0))).multiply(lit(model.errorsWeight()));
    }

    public Column pointsRecency() {
        return when(col(DAYS_SINCE_LAST_ACTIVE).isNull(), lit(0.0))
                .otherwise(bands(col(DAYS_SINCE_LAST_ACTIVE), model.recencyBands()));
    }

    public Column pointsSentiment() {
        return coalesce(col(AVG_SENTIMENT), lit(0.0)).plus(lit(1.0)).divide(lit(2.0))
                .multiply(lit(model.sentimentWeight()));
    }

    public Column pointsSupport() {
        return bands(col(SUPPORT_TICKET_COUNT), model.supportBands());
    }

    /** The unrounded sum of the six points, in the Java evaluator's order. */
    public Column unroundedTotal() {
        return pointsSessions().plus(pointsFeatures()).plus(pointsErrors()).plus(pointsRecency())
                .plus(pointsSentiment()).plus(pointsSupport());
    }

    public Column healthScore() {
        return round(unroundedTotal(), 1);
    }

    /** The tier of a rounded score column; churned first. */
    public Column riskTier(Column roundedScore) {
        return when(col(IS_CHURNED), lit(RiskTier.CHURNED.label()))
                .when(roundedScore.geq(lit(model.healthyMin())), lit(RiskTier.HEALTHY.label()))
                .when(roundedScore.geq(lit(model.atRiskMin())), lit(RiskTier.AT_RISK.label()))
                .otherwise(lit(RiskTier.CRITICAL.label()));
    }

    /** Adds the six points (2 dp), health_score (1 dp) and risk_tier to a frame of signals. */
    public Dataset<Row> apply(Dataset<Row> signals) {
        return signals
                .withColumn(HEALTH_SCORE, healthScore())
                .withColumn(RISK_TIER, riskTier(col(HEALTH_SCORE)))
                .withColumn(POINTS_SESSIONS, round(pointsSessions(), 2))
                .withColumn(POINTS_FEATURES, round(pointsFeatures(), 2))
                .withColumn(POINTS_ERRORS, round(pointsErrors(), 2))
                .withColumn(POINTS_RECENCY, round(pointsRecency(), 2))
                .withColumn(POINTS_SENTIMENT, round(pointsSentiment(), 2))
                .withColumn(POINTS_SUPPORT, round(pointsSupport(), 2));
    }

    /** First band whose limit the value does not exceed; beyond the last band, 0. */
    private static Column bands(Column value, List<Band> bands) {
        Column points = lit(0.0);
        for (int i = bands.size() - 1; i >= 0; i--) {
            Band band = bands.get(i);
            points = when(value.leq(lit(band.upTo())), lit(band.points())).otherwise(points);
        }
        return points;
    }
}
