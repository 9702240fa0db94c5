package com.vantagepoint.scoring.insight;

import java.util.List;

/**
 * A grounded answer about the portfolio.
 *
 * @param text  the answer; every number in it comes from {@code cited}
 * @param cited the facts the answer rests on, in the order they are cited
 * @param matched false when no fact matched the question and the answer falls back to the overview facts
 */
public record Answer(String text, List<PortfolioFacts.Fact> cited, boolean matched) {
    public Answer {
        cited = cited == null ? List.of() : List.copyOf(cited);
    }
}
