package com.vantagepoint.scoring.health;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.Locale;

/**
 * The six signals of the Account Health Score, in the order their points are summed. Each names the metric
 * column it reads and the points column it writes; the catalog takes these names from here.
 */
public enum Signal {
    SESSIONS("session volume", "total_sessions"),
    FEATURES("feature adoption", "features_adopted"),
    ERRORS("error rate", "error_rate"),
    RECENCY("days since last active", "days_since_last_active"),
    SENTIMENT("average sentiment", "avg_sentiment"),
    SUPPORT("support-ticket burden", "support_ticket_count");

    private final String label;
    private final String metricColumn;

    Signal(String label, String metricColumn) {
        this.label = label;
        this.metricColumn = metricColumn;
    }

    /** The configuration and API name: {@code sessions}, {@code features}, ... */
    public String key() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** What the signal measures, as a phrase for comments and sentences: "feature adoption". */
    public String label() {
        return label;
    }

    /** The metric column of the health marts the signal is scored from. */
    public String metricColumn() {
        return metricColumn;
    }

    /** The metric column's value at the earlier date of a score change: {@code <metric>_before}. */
    public String metricBeforeColumn() {
        return metricColumn + "_before";
    }

    /** Points earned now minus points earned at the earlier date of a score change: {@code points_<key>_change}. */
    public String pointsChangeColumn() {
        return pointsColumn() + "_change";
    }

    /**
     * The signal's columns in ACCOUNT_SCORE_CHANGES, in the order its readers take them: the points change, the
     * metric now, the metric before.
     */
    public List<String> changeColumns() {
        return List.of(pointsChangeColumn(), metricColumn, metricBeforeColumn());
    }

    /** The column holding the points the signal earned: {@code points_<key>}. */
    public String pointsColumn() {
        return "points_" + key();
    }

    /**
     * The metric's value as a customer-success lead reads it: "last active 35 days ago", "error rate 4.0%",
     * "6 support tickets"; {@code null} (no usage, no transcripts) is said as such.
     */
    public String valuePhrase(Double value) {
        if (value == null) {
            return noData();
        }
        return switch (this) {
            case SESSIONS -> counted(value, "session");
            case FEATURES -> counted(value, "feature") + " adopted";
            case ERRORS -> "error rate " + percent(value);
            case RECENCY -> "last active " + counted(value, "day") + " ago";
            case SENTIMENT -> "average sentiment " + signed(value);
            case SUPPORT -> counted(value, "support ticket");
        };
    }

    /** The metric's value alone, in the unit of {@link #valuePhrase}, for "was 3". */
    public String valueShort(Double value) {
        if (value == null) {
            return noData();
        }
        return switch (this) {
            case ERRORS -> percent(value);
            case SENTIMENT -> signed(value);
            default -> count(value);
        };
    }

    private String noData() {
        return this == SENTIMENT ? "no transcripts" : this == SUPPORT ? "no tickets" : "no usage";
    }

    /** "1 day", "35 days". */
    private static String counted(double value, String noun) {
        long n = Math.round(value);
        return n + " " + noun + (n == 1 ? "" : "s");
    }

    private static String count(double value) {
        return Long.toString(Math.round(value));
    }

    private static String percent(double rate) {
        return BigDecimal.valueOf(rate * 100).setScale(1, RoundingMode.HALF_UP).toPlainString() + "%";
    }

    private static String signed(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(2, RoundingMode.HALF_UP);
        return (rounded.signum() > 0 ? "+" : rounded.signum() < 0 ? "\u2212" : "") + rounded.abs().toPlainString();
    }
}
