package com.vantagepoint.pipeline.backtest;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.Optional;

import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.AS_OF_DATE;
import static com.vantagepoint.scoring.catalog.Columns.IS_CHURNED;
import static com.vantagepoint.scoring.catalog.Columns.SUBSCRIPTION_END_DATE;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.date_add;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.not;
import static org.apache.spark.sql.functions.when;

/**
 * The churn label of every scored (account, as-of date) of ACCOUNT_HEALTH_HISTORY whose horizon has passed.
 *
 * <p>The history is the one source: each of its rows carries the CRM fields as of its date, and the rows of the
 * latest date carry what the CRM knows last. So the latest date is also "now" for the labels: an as-of date is
 * labelled only when as-of + horizon is on or before it, otherwise churn inside the horizon could still be ahead.
 * Reading the raw CRM files instead would need the input at hand (not the case against a Snowflake warehouse)
 * and could know of churn that no scored date reflects yet.
 */
public final class ChurnLabels {
    /** The day the account left, per the latest CRM view; null while it is a customer. */
    public static final String CHURN_DATE = "churn_date";
    /** 1 when the account churned within the horizon after the as-of date, else 0 (a double, as MLlib wants). */
    public static final String CHURNED_WITHIN_HORIZON = "churned_within_horizon";

    private ChurnLabels() {
    }

    /**
     * Per account that the latest date shows churned: the day it left — its end date, or, when the CRM gives
     * none (flagged without a date), the first as-of date the history shows it churned.
     */
    static Dataset<Row> churnDates(Dataset<Row> history, LocalDate latestAsOf) {
        Dataset<Row> churnedAtLatest = history
                .filter(col(AS_OF_DATE).equalTo(lit(java.sql.Date.valueOf(latestAsOf))).and(col(IS_CHURNED)))
                .select(ACCOUNT_ID, SUBSCRIPTION_END_DATE);
        Dataset<Row> firstSeenChurned = history.filter(col(IS_CHURNED))
                .groupBy(ACCOUNT_ID).agg(min(AS_OF_DATE).as("first_seen_churned"));
        return churnedAtLatest.join(firstSeenChurned, ACCOUNT_ID)
                .select(col(ACCOUNT_ID), coalesce(col(SUBSCRIPTION_END_DATE), col("first_seen_churned")).as(CHURN_DATE));
    }

    /** As-of dates whose horizon has passed by the latest date, within the optional from/to bounds. */
    static Column horizonPassed(int horizonDays, LocalDate latestAsOf, Optional<LocalDate> from, Optional<LocalDate> to) {
        Column passed = date_add(col(AS_OF_DATE), horizonDays).leq(lit(java.sql.Date.valueOf(latestAsOf)));
        if (from.isPresent()) {
            passed = passed.and(col(AS_OF_DATE).geq(lit(java.sql.Date.valueOf(from.get()))));
        }
        if (to.isPresent()) {
            passed = passed.and(col(AS_OF_DATE).leq(lit(java.sql.Date.valueOf(to.get()))));
        }
        return passed;
    }

    /**
     * The history rows of accounts that were customers at their as-of date (not churned then, and not gone by
     * then per the latest CRM view either), each with {@link #CHURNED_WITHIN_HORIZON}.
     */
    static Dataset<Row> label(Dataset<Row> history, BacktestSettings settings, LocalDate latestAsOf) {
        Dataset<Row> customersThen = history
                .filter(horizonPassed(settings.horizonDays(), latestAsOf, settings.from(), settings.to()))
                .filter(not(col(IS_CHURNED)));
        Column churnDate = col(CHURN_DATE);
        Column churnedWithin = churnDate.isNotNull()
                .and(churnDate.leq(date_add(col(AS_OF_DATE), settings.horizonDays())));
        return customersThen.join(churnDates(history, latestAsOf), ACCOUNT_ID, "left")
                .filter(churnDate.isNull().or(churnDate.gt(col(AS_OF_DATE))))
                .withColumn(CHURNED_WITHIN_HORIZON, when(churnedWithin, 1.0).otherwise(0.0));
    }
}
