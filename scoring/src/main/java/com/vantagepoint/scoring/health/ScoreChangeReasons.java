package com.vantagepoint.scoring.health;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.config.Settings;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Words a score change the way a customer-success lead reads it:
 * "−18.5: recency −12 (last active 35 days ago, was 3), sentiment −6.5 (2 negative interactions about billing)".
 * Signals are ordered by how much they moved the score in the direction of the change; a signal that moved less
 * than {@code scoring.reasons.min-points} is left out. Plain Java, so the API and the pipeline's alerts word
 * a change alike.
 */
public final class ScoreChangeReasons {
    private static final String MINUS = "\u2212";

    private final double minPoints;

    /** One signal of a change: its points now minus then, and its metric then and now (null: no data). */
    public record SignalChange(Signal signal, double pointsDelta, Double value, Double valueBefore) {
    }

    /**
     * A change of one account's score.
     *
     * @param negativeInteractions negative transcripts now, for the reason behind a sentiment drop (null: unknown)
     * @param topComplaintCategory the most frequent complaint category now ("none" or null: no transcripts)
     */
    public record Change(double scoreChange, List<SignalChange> signals, Long negativeInteractions,
                         String topComplaintCategory) {
    }

    public ScoreChangeReasons(double minPoints) {
        if (!(minPoints >= 0)) {
            throw new IllegalArgumentException("the smallest points change worded must be 0 or more, was " + minPoints);
        }
        this.minPoints = minPoints;
    }

    /** @param root the resolved {@code vantagepoint} tree; reads {@code scoring.reasons.min-points} */
    public static ScoreChangeReasons fromConfig(Config root) {
        return new ScoreChangeReasons(Settings.atLeast(root, "scoring.reasons.min-points", 0.0));
    }

    /** "−18.5: recency −12 (last active 35 days ago, was 3), ..."; only the change when no signal moved enough. */
    public String sentence(Change change) {
        double direction = change.scoreChange() < 0 ? -1 : 1;
        String reasons = change.signals().stream()
                .filter(s -> Math.abs(s.pointsDelta()) >= minPoints && s.pointsDelta() != 0)
                .sorted(Comparator.comparingDouble((SignalChange s) -> -s.pointsDelta() * direction))
                .map(s -> s.signal().key() + " " + signed(s.pointsDelta()) + " (" + detail(s, change) + ")")
                .collect(Collectors.joining(", "));
        String head = signed(change.scoreChange());
        return reasons.isEmpty() ? head : head + ": " + reasons;
    }

    /** What moved the signal: the metric now and then, or for a sentiment drop the negative interactions behind it. */
    private static String detail(SignalChange s, Change change) {
        if (s.signal() == Signal.SENTIMENT && s.pointsDelta() < 0 && change.negativeInteractions() != null
                && change.negativeInteractions() > 0) {
            long n = change.negativeInteractions();
            String category = change.topComplaintCategory();
            return n + " negative interaction" + (n == 1 ? "" : "s")
                    + (category == null || category.equals(Columns.NO_COMPLAINT_CATEGORY) ? "" : " about " + category.replace('_', ' '));
        }
        return s.signal().valuePhrase(s.value()) + ", was " + s.signal().valueShort(s.valueBefore());
    }

    /** One decimal at most, with a sign: "+4.2", "−12", "0". */
    static String signed(double value) {
        BigDecimal rounded = BigDecimal.valueOf(value).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros();
        String digits = rounded.abs().toPlainString();
        return rounded.signum() > 0 ? "+" + digits : rounded.signum() < 0 ? MINUS + digits : "0";
    }
}
