package com.vantagepoint.pipeline.alerts;

import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.health.RiskTier;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.sql.Date;
import java.time.LocalDate;
import java.util.List;

import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.AS_OF_DATE;
import static com.vantagepoint.scoring.catalog.Columns.HEALTH_SCORE;
import static com.vantagepoint.scoring.catalog.Columns.HEALTH_SCORE_BEFORE;
import static com.vantagepoint.scoring.catalog.Columns.RISK_TIER;
import static com.vantagepoint.scoring.catalog.Columns.RISK_TIER_BEFORE;
import static com.vantagepoint.scoring.catalog.Columns.SCORE_CHANGE;
import static com.vantagepoint.scoring.catalog.Columns.WINDOW_DAYS;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/** The accounts a run alerts on, chosen from the published ACCOUNT_SCORE_CHANGES. */
public final class Alerts {
    private static final String REASON = "reason_kind";

    private Alerts() {
    }

    /**
     * Accounts whose tier became critical within the week to {@code asOf}, or whose score fell by more than
     * {@code minDrop} in it, biggest drop first. Only these few rows reach the driver. A run that backfilled a date
     * older than the published one finds no row of its date, so it alerts on nothing already reported.
     */
    public static List<Alert> select(Dataset<Row> scoreChanges, LocalDate asOf, double minDrop) {
        Dataset<Row> week = scoreChanges.where(col(WINDOW_DAYS).equalTo(lit(MartCatalog.WEEK_DAYS))
                .and(col(AS_OF_DATE).equalTo(lit(Date.valueOf(asOf)))));
        // Both reasons need a row a week before, so every alert has a score and a tier then.
        return withReason(week, minDrop)
                .where(col(REASON).isNotNull())
                .orderBy(col(SCORE_CHANGE), col(ACCOUNT_ID))
                .select(ACCOUNT_ID, HEALTH_SCORE, HEALTH_SCORE_BEFORE, SCORE_CHANGE, RISK_TIER, RISK_TIER_BEFORE, REASON)
                .collectAsList().stream()
                .map(Alerts::alert)
                .toList();
    }

    /** The reason an account is alerted on; null when it is not. */
    private static Dataset<Row> withReason(Dataset<Row> week, double minDrop) {
        String critical = RiskTier.CRITICAL.label();
        Column enteredCritical = col(RISK_TIER).equalTo(lit(critical))
                .and(col(RISK_TIER_BEFORE).isNotNull()).and(col(RISK_TIER_BEFORE).notEqual(lit(critical)));
        Column dropped = col(SCORE_CHANGE).lt(lit(-minDrop));
        return week.withColumn(REASON, when(enteredCritical, lit(Alert.ReasonKind.ENTERED_CRITICAL.name()))
                .when(dropped, lit(Alert.ReasonKind.DROPPED.name())));
    }

    private static Alert alert(Row r) {
        return new Alert(r.getString(0), r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getString(4),
                r.getString(5), Alert.ReasonKind.valueOf(r.getString(6)));
    }
}
