package com.vantagepoint.pipeline.intermediate;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.vantagepoint.pipeline.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

/** Interaction signals per account and date, top-category tie-breaks, on tiny hand-built frames. */
class InteractionMetricsTest {
    private static final StructType ENRICHED = new StructType()
            .add("account_id", DataTypes.StringType)
            .add("timestamp", DataTypes.TimestampType)
            .add("interaction_type", DataTypes.StringType)
            .add("sentiment_score", DataTypes.DoubleType)
            .add("complaint_category", DataTypes.StringType);

    private static Row t(String account, String at, String type, double sentiment, String category) {
        return RowFactory.create(account, Timestamp.from(Instant.parse(at)), type, sentiment, category);
    }

    @Test
    void topCategoryIsMostFrequentThenLowestWorstSentimentThenMostRecent() {
        SparkSession spark = SharedSpark.spark();
        Dataset<Row> enriched = spark.createDataFrame(List.of(
                // A: billing twice beats a single, more negative bugs
                t("A", "2026-11-01T00:00:00Z", "email", 0.2, "billing"),
                t("A", "2026-11-02T00:00:00Z", "email", 0.1, "billing"),
                t("A", "2026-11-03T00:00:00Z", "support_ticket", -0.9, "bugs"),
                // B: tie on count; performance has the lowest worst sentiment
                t("B", "2026-11-01T00:00:00Z", "support_ticket", -0.5, "performance"),
                t("B", "2026-11-05T00:00:00Z", "sales_call", -0.2, "billing"),
                // C: tie on count and worst; onboarding is the most recent
                t("C", "2026-11-01T00:00:00Z", "email", -0.4, "security"),
                t("C", "2026-11-03T00:00:00Z", "email", -0.4, "onboarding"),
                // after the as-of date: outside the window
                t("C", "2026-11-26T00:00:00Z", "email", -1.0, "bugs")), ENRICHED);
        Dataset<Row> dates = spark.createDataFrame(List.of(RowFactory.create(Date.valueOf("2026-11-25"))),
                new StructType().add("as_of_date", DataTypes.DateType, false));

        Dataset<Row> actual = InteractionMetrics.compute(enriched, dates, -0.3).select("account_id",
                "avg_sentiment", "worst_sentiment", "total_interactions", "support_ticket_count", "sales_call_count",
                "email_count", "negative_interaction_count", "top_complaint_category");
        Dataset<Row> expected = spark.createDataFrame(List.of(
                RowFactory.create("A", -0.2, -0.9, 3L, 1L, 0L, 2L, 1L, "billing"),
                RowFactory.create("B", -0.35, -0.5, 2L, 1L, 1L, 0L, 1L, "performance"),
                RowFactory.create("C", -0.4, -0.4, 2L, 0L, 0L, 2L, 2L, "onboarding")), actual.schema());
        new JavaDataFrameSuiteBase().assertDataFrameNoOrderEquals(expected, actual);
    }
}
