package com.vantagepoint.pipeline.marts;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.staging.AsOf;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;

import static com.vantagepoint.scoring.catalog.Columns.*;

/**
 * Small hand-built inputs of the marts with the schemas the layers below produce: staged accounts
 * ({@code AccountsStaging.staged}), usage metrics ({@code UsageMetrics.compute}) and interaction metrics
 * ({@code InteractionMetrics.compute}).
 */
final class MartFrames {
    static final HealthModel HEALTH_MODEL = HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring"));

    static final StructType STAGED_ACCOUNTS = new StructType()
            .add(ACCOUNT_ID, DataTypes.StringType)
            .add(INDUSTRY, DataTypes.StringType)
            .add(ANNUAL_REVENUE, DataTypes.createDecimalType(18, 2))
            .add(SUBSCRIPTION_START_DATE, DataTypes.DateType)
            .add(SUBSCRIPTION_END_DATE, DataTypes.DateType)
            .add(IS_CHURNED, DataTypes.BooleanType, false)
            .add(TIER, DataTypes.StringType)
            .add(ACCOUNT_OWNER_ID, DataTypes.StringType);

    static final StructType USAGE_METRICS = new StructType()
            .add(ACCOUNT_ID, DataTypes.StringType)
            .add(AS_OF_DATE, DataTypes.DateType, false)
            .add(TOTAL_SESSIONS, DataTypes.LongType, false)
            .add(ACTIVE_USERS, DataTypes.LongType, false)
            .add(FEATURES_ADOPTED, DataTypes.IntegerType, false)
            .add(AVG_SESSION_DURATION, DataTypes.DoubleType)
            .add(ERROR_RATE, DataTypes.DoubleType)
            .add(LAST_ACTIVE_AT, DataTypes.TimestampType)
            .add(DAYS_SINCE_LAST_ACTIVE, DataTypes.IntegerType);

    static final StructType INTERACTION_METRICS = new StructType()
            .add(ACCOUNT_ID, DataTypes.StringType)
            .add(AS_OF_DATE, DataTypes.DateType, false)
            .add(AVG_SENTIMENT, DataTypes.DoubleType)
            .add(WORST_SENTIMENT, DataTypes.DoubleType)
            .add(TOTAL_INTERACTIONS, DataTypes.LongType, false)
            .add(SUPPORT_TICKET_COUNT, DataTypes.LongType)
            .add(SALES_CALL_COUNT, DataTypes.LongType)
            .add(EMAIL_COUNT, DataTypes.LongType)
            .add(NEGATIVE_INTERACTION_COUNT, DataTypes.LongType)
            .add(TOP_COMPLAINT_CATEGORY, DataTypes.StringType);

    private MartFrames() {
    }

    static Date date(String iso) {
        return iso == null ? null : Date.valueOf(LocalDate.parse(iso));
    }

    static Timestamp ts(String iso) {
        return Timestamp.from(Instant.parse(iso));
    }

    static Dataset<Row> frame(StructType schema, Row... rows) {
        return SharedSpark.spark().createDataFrame(Arrays.asList(rows), schema);
    }

    static Dataset<Row> dates(String... isoDates) {
        return AsOf.frame(SharedSpark.spark(), Arrays.stream(isoDates).map(LocalDate::parse).toList());
    }

    static Row account(String id, String start, String end, boolean churned) {
        return account(id, "Retail", "standard", start, end, churned);
    }

    static Row account(String id, String industry, String tier, String start, String end, boolean churned) {
        return RowFactory.create(id, industry, new BigDecimal("1250000.00"), date(start), date(end), churned, tier,
                "OWN-" + id);
    }

    /** A usage-metrics row; last_active_at is the as-of date minus {@code daysSinceLastActive}, at noon UTC. */
    static Row usage(String id, String asOf, long sessions, long users, int features, double avgDuration,
                     double errorRate, int daysSinceLastActive) {
        LocalDate last = LocalDate.parse(asOf).minusDays(daysSinceLastActive);
        return RowFactory.create(id, date(asOf), sessions, users, features, avgDuration, errorRate,
                ts(last + "T12:00:00Z"), daysSinceLastActive);
    }

    static Row interactions(String id, String asOf, double avgSentiment, double worstSentiment, long total,
                            long tickets, long calls, long emails, long negative, String topCategory) {
        return RowFactory.create(id, date(asOf), avgSentiment, worstSentiment, total, tickets, calls, emails, negative,
                topCategory);
    }

    static List<String> columns(Dataset<Row> frame) {
        return Arrays.asList(frame.columns());
    }
}
