package com.vantagepoint.scoring.insight;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;

/**
 * Named numbers about the portfolio, computed from the marts by the caller (the API), that an answer must cite.
 *
 * @param asOfDate the as-of date of the run the facts come from (YYYY-MM-DD), may be null
 * @param runId    the run the facts come from, may be null
 * @param facts    the facts, most important first
 */
public record PortfolioFacts(String asOfDate, String runId, List<Fact> facts) {

    public PortfolioFacts {
        facts = facts == null ? List.of() : List.copyOf(facts);
    }

    /**
     * One named number, e.g. {@code new Fact("healthcare accounts at risk", 12, 30.0, null)} reads
     * "healthcare accounts at risk: 12 of 30 (40%)".
     *
     * @param name   what is counted or measured, in words ("average health score of enterprise accounts")
     * @param value  the number
     * @param outOf  the population it is a part of, or null
     * @param unit   a unit shown after the value ("points", "days", "%"), or null
     */
    public record Fact(String name, double value, Double outOf, String unit) {
        public Fact {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException("a fact needs a name");
            }
        }

        /** "name: value[ unit][ of outOf (pct%)]". */
        public String render() {
            StringBuilder sb = new StringBuilder(name).append(": ").append(format(value));
            if (unit != null && !unit.isBlank()) {
                sb.append(unit.equals("%") ? "" : " ").append(unit);
            }
            if (outOf != null) {
                sb.append(" of ").append(format(outOf));
                if (outOf > 0) {
                    sb.append(" (").append(format(100.0 * value / outOf)).append("%)");
                }
            }
            return sb.toString();
        }

        static String format(double d) {
            if (Double.isNaN(d) || Double.isInfinite(d)) {
                return Double.toString(d);
            }
            return BigDecimal.valueOf(d).setScale(1, RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
        }
    }
}
