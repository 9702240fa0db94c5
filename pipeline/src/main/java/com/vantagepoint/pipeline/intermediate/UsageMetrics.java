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
import static org.apache.spark.sql.functions.collect_set;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.size;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * Per account and as-of date, from staged (deduplicated) usage: the usage signals of the health score. Every as-of date is
 * computed in the same pass: sessions are paired with each date they fall on or before, then grouped by
 * (account, date). Sessions are unique after staging, so a count is the distinct count; users and features
 * are counted as set sizes in the same aggregation (no extra distinct-count shuffles).
 */
public final class UsageMetrics {
    private static final String BUCKET = "_bucket";

    private UsageMetrics() {
    }

    /** Usage events paired with every as-of date whose window contains them. */
    public static Dataset<Row> windowed(Dataset<Row> stagedUsage, Dataset<Row> asOfDates) {
        return stagedUsage.join(broadcast(asOfDates), AsOf.within(col(TIMESTAMP), col(AS_OF_DATE)));
    }

    /**
     * One row per (account_id, as_of_date) with usage in the window. Same result as
     * {@code metrics(windowed(...))}, but each session is aggregated once, into the earliest as-of date whose
     * window holds it (its bucket); only the per-(account, bucket) aggregate is expanded to the dates it counts
     * for, and merged there (sums, max, union of the small user and feature sets). With 12 history weeks this
     * aggregates 1 row per session instead of up to 13.
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

    /** Aggregates windowed usage (columns of staged usage plus as_of_date). */
    public static Dataset<Row> metrics(Dataset<Row> windowedUsage) {
        Column hasError = col(ERROR_CODES_ENCOUNTERED).isNotNull().and(trim(col(ERROR_CODES_ENCOUNTERED)).notEqual(""));
        return windowedUsage.groupBy(col(ACCOUNT_ID), col(AS_OF_DATE)).agg(
                        count(lit(1)).as(TOTAL_SESSIONS),
                        size(collect_set(col(USER_ID))).cast("bigint").as(ACTIVE_USERS),
                        size(collect_set(col(FEATURE_USED))).as(FEATURES_ADOPTED),
                        round(avg(col(SESSION_DURATION_SECONDS)), 1).as(AVG_SESSION_DURATION),
                        round(sum(when(hasError, 1).otherwise(0)).divide(count(lit(1))), 4).as(ERROR_RATE),
                        max(col(TIMESTAMP)).as(LAST_ACTIVE_AT))
                .withColumn(DAYS_SINCE_LAST_ACTIVE, datediff(col(AS_OF_DATE), to_date(col(LAST_ACTIVE_AT))));
    }
}
