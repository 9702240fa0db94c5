package com.vantagepoint.pipeline.marts;

import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.catalog.Tables;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Map;

import static com.vantagepoint.scoring.catalog.Columns.*;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.datediff;
import static org.apache.spark.sql.functions.least;
import static org.apache.spark.sql.functions.lit;

/**
 * ACCOUNT_HEALTH_HISTORY: CRM as of each date joined with the usage and interaction metrics and scored with
 * {@link HealthColumns}. One row per account and as-of date for every account whose subscription started on
 * or before the date.
 */
public final class AccountHealthMart {
    private final HealthColumns health;

    public AccountHealthMart(HealthColumns health) {
        this.health = health;
    }

    /**
     * CRM as of each date: accounts that started after the date are left out; churned when
     * {@code is_churned} and the end date (if any) is on or before the date; tenure in days from the start to
     * the end date or the as-of date, whichever comes first (a future end date does not count ahead).
     */
    public static Dataset<Row> accountsAsOf(Dataset<Row> stagedAccounts, Dataset<Row> asOfDates) {
        Column churned = col(IS_CHURNED).and(col(SUBSCRIPTION_END_DATE).isNull()
                .or(col(SUBSCRIPTION_END_DATE).leq(col(AS_OF_DATE))));
        return stagedAccounts.crossJoin(broadcast(asOfDates))
                .where(col(SUBSCRIPTION_START_DATE).leq(col(AS_OF_DATE)))
                .withColumn(IS_CHURNED, churned)
                .withColumn(TENURE_DAYS, datediff(least(col(SUBSCRIPTION_END_DATE), col(AS_OF_DATE)),
                        col(SUBSCRIPTION_START_DATE)));
    }

    /** Accounts as of their dates, left-joined with the metrics; absent metrics get their "no data" values. */
    public static Dataset<Row> signals(Dataset<Row> accountsAsOf, Dataset<Row> usageMetrics,
                                       Dataset<Row> interactionMetrics) {
        String[] key = {ACCOUNT_ID, AS_OF_DATE};
        return accountsAsOf
                .join(usageMetrics, key, "left")
                .join(interactionMetrics, key, "left")
                .na().fill(Map.of(
                        TOTAL_SESSIONS, 0L, ACTIVE_USERS, 0L, FEATURES_ADOPTED, 0, ERROR_RATE, 0.0,
                        TOTAL_INTERACTIONS, 0L, SUPPORT_TICKET_COUNT, 0L, SALES_CALL_COUNT, 0L, EMAIL_COUNT, 0L,
                        NEGATIVE_INTERACTION_COUNT, 0L, TOP_COMPLAINT_CATEGORY, NO_COMPLAINT_CATEGORY));
    }

    /** The published rows: signals scored, in the contract's column order, stamped with the run id. */
    public Dataset<Row> build(Dataset<Row> signals, String runId) {
        Dataset<Row> scored = health.apply(signals).withColumn(RUN_ID, lit(runId));
        return scored.select(MartCatalog.table(Tables.ACCOUNT_HEALTH_HISTORY).columnNames().stream().map(c -> col(c)).toArray(Column[]::new));
    }

    public Dataset<Row> build(Dataset<Row> stagedAccounts, Dataset<Row> asOfDates, Dataset<Row> usageMetrics,
                              Dataset<Row> interactionMetrics, String runId) {
        return build(signals(accountsAsOf(stagedAccounts, asOfDates), usageMetrics, interactionMetrics), runId);
    }
}
