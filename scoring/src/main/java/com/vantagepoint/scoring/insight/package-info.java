/**
 * Per-account insights and portfolio answers to questions asked through the API.
 *
 * <p>{@link com.vantagepoint.scoring.insight.InsightGenerator} turns an
 * {@link com.vantagepoint.scoring.insight.AccountContext} (scores, points, metrics and enriched interactions) into an
 * {@link com.vantagepoint.scoring.insight.AccountInsight}; callers cache it under
 * {@link com.vantagepoint.scoring.insight.AccountContext#inputHash()} together with the generator's provider and model,
 * so an insight is regenerated only when its inputs change.
 * {@link com.vantagepoint.scoring.insight.PortfolioAnswerer} turns a question and named
 * {@link com.vantagepoint.scoring.insight.PortfolioFacts} into an {@link com.vantagepoint.scoring.insight.Answer} that
 * cites them. The {@code Local*} implementations are offline and deterministic.
 */
package com.vantagepoint.scoring.insight;
