package com.vantagepoint.scoring.insight;

/**
 * Turns a question about the portfolio and the facts computed for it into a grounded answer (used by /api/rag).
 * The question is untrusted text: it selects facts, it never changes them. Implementations are thread-safe.
 */
public interface PortfolioAnswerer {
    Answer answer(String question, PortfolioFacts facts);
}
