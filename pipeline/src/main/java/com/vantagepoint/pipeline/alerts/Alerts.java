package com.vantagepoint.pipeline.alerts;

import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.ScoreChangeReasons;
import com.vantagepoint.scoring.health.Signal;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.AS_OF_DATE;
import static com.vantagepoint.scoring.catalog.Columns.HEALTH_SCORE;
import static com.vantagepoint.scoring.catalog.Columns.HEALTH_SCORE_BEFORE;
import static com.vantagepoint.scoring.catalog.Columns.NEGATIVE_INTERACTION_COUNT;
import static com.vantagepoint.scoring.catalog.Columns.RISK_TIER;
import static com.vantagepoint.scoring.catalog.Columns.RISK_TIER_BEFORE;
import static com.vantagepoint.scoring.catalog.Columns.SCORE_CHANGE;
import static com.vantagepoint.scoring.catalog.Columns.TOP_COMPLAINT_CATEGORY;
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
    public static List<Alert> select(Dataset<Row> scoreChanges, LocalDate asOf, double minDrop, ScoreChangeReasons reasons) {
        Dataset<Row> week = scoreChanges.where(col(WINDOW_DAYS).equalTo(lit(MartCatalog.WEEK_DAYS))
                .and(col(AS_OF_DATE).equalTo(lit(Date.valueOf(asOf)))));
        // Both reasons need a row a week before, so every alert has a score and a tier then.
        return withReason(week, minDrop)
                .where(col(REASON).isNotNull())
                .orderBy(col(SCORE_CHANGE), col(ACCOUNT_ID))
                .select(columns())
                .collectAsList().stream()
                .map(r -> alert(r, reasons))
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

    /** The alert's fields, then what its reason is worded from: each signal's change and the interactions now. */
    private static Column[] columns() {
        List<String> names = new ArrayList<>(List.of(ACCOUNT_ID, HEALTH_SCORE, HEALTH_SCORE_BEFORE, SCORE_CHANGE,
                RISK_TIER, RISK_TIER_BEFORE, REASON, NEGATIVE_INTERACTION_COUNT, TOP_COMPLAINT_CATEGORY));
        for (Signal signal : Signal.values()) {
            names.addAll(signal.changeColumns());
        }
        return names.stream().map(n -> col(n).as(n)).toArray(Column[]::new);
    }

    private static Alert alert(Row r, ScoreChangeReasons reasons) {
        List<ScoreChangeReasons.SignalChange> signals = new ArrayList<>();
        for (Signal signal : Signal.values()) {
            signals.add(new ScoreChangeReasons.SignalChange(signal, r.getDouble(r.fieldIndex(signal.pointsChangeColumn())),
                    number(r, signal.metricColumn()), number(r, signal.metricBeforeColumn())));
        }
        Long negative = r.isNullAt(r.fieldIndex(NEGATIVE_INTERACTION_COUNT)) ? null
                : ((Number) r.getAs(NEGATIVE_INTERACTION_COUNT)).longValue();
        String reason = reasons.sentence(new ScoreChangeReasons.Change(r.getDouble(3), signals, negative,
                r.getAs(TOP_COMPLAINT_CATEGORY)));
        return new Alert(r.getString(0), r.getDouble(1), r.getDouble(2), r.getDouble(3), r.getString(4),
                r.getString(5), Alert.ReasonKind.valueOf(r.getString(6)), reason);
    }

    private static Double number(Row r, String column) {
        Object value = r.getAs(column);
        return value == null ? null : ((Number) value).doubleValue();
    }
}
