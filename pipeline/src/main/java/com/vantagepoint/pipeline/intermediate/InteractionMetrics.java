package com.vantagepoint.pipeline.intermediate;

import com.vantagepoint.pipeline.staging.AsOf;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import static com.vantagepoint.scoring.catalog.Columns.COMPLAINT_CATEGORY;
import static com.vantagepoint.scoring.catalog.Columns.SENTIMENT_SCORE;
import static com.vantagepoint.scoring.catalog.Columns.AVG_SENTIMENT;
import static com.vantagepoint.scoring.catalog.Columns.EMAIL_COUNT;
import static com.vantagepoint.scoring.catalog.Columns.NEGATIVE_INTERACTION_COUNT;
import static com.vantagepoint.scoring.catalog.Columns.SALES_CALL_COUNT;
import static com.vantagepoint.scoring.catalog.Columns.SUPPORT_TICKET_COUNT;
import static com.vantagepoint.scoring.catalog.Columns.TOP_COMPLAINT_CATEGORY;
import static com.vantagepoint.scoring.catalog.Columns.TOTAL_INTERACTIONS;
import static com.vantagepoint.scoring.catalog.Columns.WORST_SENTIMENT;
import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.AS_OF_DATE;
import static com.vantagepoint.scoring.catalog.Columns.INTERACTION_TYPE;
import static com.vantagepoint.scoring.catalog.Columns.TIMESTAMP;
import static org.apache.spark.sql.functions.avg;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.round;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Per account and as-of date, from enriched transcripts: the interaction signals of the health score. The top complaint
 * category is the most frequent; ties go to the category with the lowest worst sentiment, then to the most
 * recent, then (only to stay deterministic) to the greatest name.
 */
public final class InteractionMetrics {
    public static final String SUPPORT_TICKET = "support_ticket";
    public static final String SALES_CALL = "sales_call";
    public static final String EMAIL = "email";

    private InteractionMetrics() {
    }

    /**
     * @param negativeThreshold sentiment strictly below this counts as a negative interaction
     * @return one row per (account_id, as_of_date) with interactions in the window: each transcript is aggregated
     * once into the earliest as-of date whose window holds it (per account, bucket and category), and only that
     * small aggregate is expanded to the dates it counts for
     */
    public static Dataset<Row> compute(Dataset<Row> enriched, Dataset<Row> asOfDates, double negativeThreshold) {
        String bucket = "_bucket";
        Dataset<Row> perBucket = enriched
                .withColumn(bucket, AsOf.bucket(col(TIMESTAMP), asOfDates))
                .where(col(bucket).isNotNull())
                .groupBy(col(ACCOUNT_ID), col(bucket), col(COMPLAINT_CATEGORY)).agg(
                        count(lit(1)).as("_n"),
                        sum(col(SENTIMENT_SCORE)).as("_sentiment_sum"),
                        count(col(SENTIMENT_SCORE)).as("_sentiment_n"),
                        min(col(SENTIMENT_SCORE)).as("_worst"),
                        max(col(TIMESTAMP)).as("_latest"),
                        countWhere(col(INTERACTION_TYPE).equalTo(SUPPORT_TICKET)).as("_tickets"),
                        countWhere(col(INTERACTION_TYPE).equalTo(SALES_CALL)).as("_calls"),
                        countWhere(col(INTERACTION_TYPE).equalTo(EMAIL)).as("_emails"),
                        countWhere(col(SENTIMENT_SCORE).lt(negativeThreshold)).as("_negative"));
        Dataset<Row> perCategory = perBucket.join(broadcast(asOfDates), col(bucket).leq(col(AS_OF_DATE)))
                .groupBy(col(ACCOUNT_ID), col(AS_OF_DATE), col(COMPLAINT_CATEGORY)).agg(
                        sum(col("_n")).as("n"),
                        sum(col("_sentiment_sum")).as("_sentiment_sum"),
                        sum(col("_sentiment_n")).as("_sentiment_n"),
                        min(col("_worst")).as("worst"),
                        max(col("_latest")).as("latest"),
                        sum(col("_tickets")).as("_tickets"),
                        sum(col("_calls")).as("_calls"),
                        sum(col("_emails")).as("_emails"),
                        sum(col("_negative")).as("_negative"));
        Column rank = struct(col("n"), col("worst").multiply(-1).as("lowest_worst"), col("latest"),
                col(COMPLAINT_CATEGORY));
        return perCategory.groupBy(col(ACCOUNT_ID), col(AS_OF_DATE)).agg(
                round(sum(col("_sentiment_sum")).divide(sum(col("_sentiment_n"))), 3).as(AVG_SENTIMENT),
                min(col("worst")).as(WORST_SENTIMENT),
                sum(col("n")).as(TOTAL_INTERACTIONS),
                sum(col("_tickets")).as(SUPPORT_TICKET_COUNT),
                sum(col("_calls")).as(SALES_CALL_COUNT),
                sum(col("_emails")).as(EMAIL_COUNT),
                sum(col("_negative")).as(NEGATIVE_INTERACTION_COUNT),
                max(rank).getField(COMPLAINT_CATEGORY).as(TOP_COMPLAINT_CATEGORY));
    }

    private static Column countWhere(Column condition) {
        return sum(when(condition, 1L).otherwise(0L));
    }
}
