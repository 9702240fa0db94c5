package com.vantagepoint.pipeline.intermediate;

import com.vantagepoint.pipeline.staging.AsOf;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static com.vantagepoint.scoring.catalog.Columns.ACTIVE_USERS;
import static com.vantagepoint.scoring.catalog.Columns.AVG_SESSION_DURATION;
import static com.vantagepoint.scoring.catalog.Columns.DAYS_SINCE_LAST_ACTIVE;
import static com.vantagepoint.scoring.catalog.Columns.ERROR_RATE;
import static com.vantagepoint.scoring.catalog.Columns.FEATURES_ADOPTED;
import static com.vantagepoint.scoring.catalog.Columns.LAST_ACTIVE_AT;
import static com.vantagepoint.scoring.catalog.Columns.TOTAL_SESSIONS;
import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.AS_OF_DATE;
import static com.vantagepoint.scoring.catalog.Columns.ERROR_CODES_ENCOUNTERED;
import static com.vantagepoint.scoring.catalog.Columns.FEATURE_USED;
import static com.vantagepoint.scoring.catalog.Columns.SESSION_DURATION_SECONDS;
import static com.vantagepoint.scoring.catalog.Columns.TIMESTAMP;
import static com.vantagepoint.scoring.catalog.Columns.USER_ID;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * Per account and as-of date, from staged (deduplicated) usage: the usage signals of the health score. Every
 * as-of date comes out of one pass: each session is aggregated once, into its bucket (the earliest as-of date
 * whose window holds it), and only the per-(account, bucket) aggregates are expanded to the dates they count
 * for. Sessions are unique after staging, so a count is the distinct count; users and features are counted
 * from the bucket they are first seen in.
 */
public final class UsageMetrics {
    private static final String BUCKET = "_bucket";

    private UsageMetrics() {
    }

    /**
     * One row per (account_id, as_of_date) with usage in the window: sums and maxima of the per-bucket
     * aggregates of the dates on or after each bucket. With 12 history weeks this aggregates 1 row per session
     * instead of up to 13.
     */
    public static Dataset<Row> compute(Dataset<Row> stagedUsage, Dataset<Row> asOfDates) {
        Column hasError = col(ERROR_CODES_ENCOUNTERED).isNotNull().and(trim(col(ERROR_CODES_ENCOUNTERED)).notEqual(""));
        Dataset<Row> bucketed = stagedUsage
                .withColumn(BUCKET, AsOf.bucket(col(TIMESTAMP), asOfDates))
                .where(col(BUCKET).isNotNull());
        Dataset<Row> perBucket = bucketed
                .groupBy(col(ACCOUNT_ID), col(BUCKET)).agg(
                        count(lit(1)).as("_sessions"),
                        sum(col(SESSION_DURATION_SECONDS)).as("_duration_sum"),
                        count(col(SESSION_DURATION_SECONDS)).as("_duration_n"),
                        sum(when(hasError, 1L).otherwise(0L)).as("_errors"),
                        max(col(TIMESTAMP)).as("_last"));
        Column sessions = sum(col("_sessions"));
        Dataset<Row> totals = perBucket.join(broadcast(asOfDates), col(BUCKET).leq(col(AS_OF_DATE)))
                .groupBy(col(ACCOUNT_ID), col(AS_OF_DATE)).agg(
                        sessions.as(TOTAL_SESSIONS),
                        round(sum(col("_duration_sum")).divide(sum(col("_duration_n"))), 1).as(AVG_SESSION_DURATION),
                        round(sum(col("_errors")).divide(sessions), 4).as(ERROR_RATE),
                        max(col("_last")).as(LAST_ACTIVE_AT));
        // Distinct users and features: each counted from the first bucket it appears in (hash aggregations;
        // collect_set would fall back to a slow sort-based aggregation with many accounts).
        String[] key = {ACCOUNT_ID, AS_OF_DATE};
        return totals
                .join(firstSeenCounts(bucketed, USER_ID, asOfDates, ACTIVE_USERS), key, "left")
                .join(firstSeenCounts(bucketed, FEATURE_USED, asOfDates, FEATURES_ADOPTED), key, "left")
                .select(col(ACCOUNT_ID), col(AS_OF_DATE), col(TOTAL_SESSIONS),
                        coalesce(col(ACTIVE_USERS), lit(0L)).as(ACTIVE_USERS),
                        coalesce(col(FEATURES_ADOPTED), lit(0L)).cast("int").as(FEATURES_ADOPTED),
                        col(AVG_SESSION_DURATION), col(ERROR_RATE), col(LAST_ACTIVE_AT))
                .withColumn(DAYS_SINCE_LAST_ACTIVE, datediff(col(AS_OF_DATE), to_date(col(LAST_ACTIVE_AT))));
    }

    /** Per (account, date): distinct non-null values of {@code column} seen in the date's window. */
    private static Dataset<Row> firstSeenCounts(Dataset<Row> bucketed, String column, Dataset<Row> asOfDates,
                                                String as) {
        return bucketed.where(col(column).isNotNull())
                .groupBy(col(ACCOUNT_ID), col(column)).agg(min(col(BUCKET)).as(BUCKET))
                .join(broadcast(asOfDates), col(BUCKET).leq(col(AS_OF_DATE)))
                .groupBy(col(ACCOUNT_ID), col(AS_OF_DATE)).agg(count(lit(1)).as(as));
    }
}
