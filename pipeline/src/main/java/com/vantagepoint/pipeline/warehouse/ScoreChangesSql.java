package com.vantagepoint.pipeline.warehouse;

import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.health.Signal;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static com.vantagepoint.scoring.catalog.Tables.ACCOUNT_HEALTH_HISTORY;
import static com.vantagepoint.scoring.catalog.Tables.ACCOUNT_SCORE_CHANGES;

/**
 * The INSERT that fills ACCOUNT_SCORE_CHANGES from ACCOUNT_HEALTH_HISTORY, in SQL both warehouses run. It runs inside
 * the publish, after the run's dates have replaced theirs in the history, so "before" comes from this run's own
 * history dates when it scored them and from earlier runs' otherwise, and "now" is always the date of
 * ACCOUNT_HEALTH_SCORE (also when the run backfilled an older date), without reading the history back into Spark.
 */
final class ScoreChangesSql {
    private static final String NOW = "n";
    private static final String BEFORE = "b";
    private static final String WINDOW = "w";

    private ScoreChangesSql() {
    }

    /**
     * @param quote  the warehouse's identifier quoting
     * @param latest the greatest as-of date of the history (the score now)
     * @param runId  the publishing run, stamped on every row
     */
    static String insert(UnaryOperator<String> quote, LocalDate latest, String runId) {
        MartCatalog.Table table = MartCatalog.table(ACCOUNT_SCORE_CHANGES);
        String columns = table.columns().stream().map(c -> quote.apply(c.name())).collect(Collectors.joining(", "));
        return "INSERT INTO " + quote.apply(ACCOUNT_SCORE_CHANGES) + " (" + columns + ") SELECT "
                + String.join(", ", values(quote, runId))
                + " FROM " + quote.apply(ACCOUNT_HEALTH_HISTORY) + " " + NOW
                + " CROSS JOIN (" + windows(quote, latest) + ") " + WINDOW
                + " LEFT JOIN " + quote.apply(ACCOUNT_HEALTH_HISTORY) + " " + BEFORE
                + " ON " + col(quote, BEFORE, Columns.ACCOUNT_ID) + " = " + col(quote, NOW, Columns.ACCOUNT_ID)
                + " AND " + col(quote, BEFORE, Columns.AS_OF_DATE) + " = " + col(quote, WINDOW, Columns.AS_OF_DATE_BEFORE)
                + " WHERE " + col(quote, NOW, Columns.AS_OF_DATE) + " = " + date(latest);
    }

    /** One row per window: its length and the earlier date it compares with. */
    private static String windows(UnaryOperator<String> quote, LocalDate latest) {
        return MartCatalog.SCORE_CHANGE_WINDOWS.stream()
                .map(days -> "SELECT " + days + " AS " + quote.apply(Columns.WINDOW_DAYS) + ", "
                        + date(latest.minusDays(days)) + " AS " + quote.apply(Columns.AS_OF_DATE_BEFORE))
                .collect(Collectors.joining(" UNION ALL "));
    }

    /** The selected values, in the catalog's column order. */
    private static List<String> values(UnaryOperator<String> quote, String runId) {
        String matched = col(quote, BEFORE, Columns.ACCOUNT_ID) + " IS NOT NULL";
        List<String> v = new ArrayList<>(List.of(
                col(quote, NOW, Columns.ACCOUNT_ID),
                col(quote, WINDOW, Columns.WINDOW_DAYS),
                col(quote, NOW, Columns.AS_OF_DATE),
                col(quote, WINDOW, Columns.AS_OF_DATE_BEFORE),
                col(quote, NOW, Columns.HEALTH_SCORE),
                col(quote, BEFORE, Columns.HEALTH_SCORE),
                difference(quote, Columns.HEALTH_SCORE, 1),
                col(quote, NOW, Columns.RISK_TIER),
                col(quote, BEFORE, Columns.RISK_TIER),
                "CASE WHEN " + matched + " THEN " + col(quote, NOW, Columns.RISK_TIER) + " <> "
                        + col(quote, BEFORE, Columns.RISK_TIER) + " END",
                col(quote, NOW, Columns.NEGATIVE_INTERACTION_COUNT),
                col(quote, NOW, Columns.TOP_COMPLAINT_CATEGORY)));
        for (Signal signal : Signal.values()) {
            v.add(difference(quote, signal.pointsColumn(), 2));
            v.add(asDouble(col(quote, NOW, signal.metricColumn())));
            v.add(asDouble(col(quote, BEFORE, signal.metricColumn())));
        }
        v.add("'" + runId.replace("'", "''") + "'");
        return v;
    }

    /** Now minus before, rounded as the column is (null when the account has no row before). */
    private static String difference(UnaryOperator<String> quote, String column, int places) {
        return "ROUND(" + col(quote, NOW, column) + " - " + col(quote, BEFORE, column) + ", " + places + ")";
    }

    private static String asDouble(String expression) {
        return "CAST(" + expression + " AS " + MartCatalog.DOUBLE + ")";
    }

    private static String col(UnaryOperator<String> quote, String alias, String column) {
        return alias + "." + quote.apply(column);
    }

    private static String date(LocalDate d) {
        return "CAST('" + d + "' AS " + MartCatalog.DATE + ")";
    }
}
