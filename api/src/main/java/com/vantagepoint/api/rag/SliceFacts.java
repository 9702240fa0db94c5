package com.vantagepoint.api.rag;

import java.util.List;
import java.util.Map;

/**
 * The slice of the portfolio a question is about and the figures computed over it (returned as
 * {@code facts} by /api/rag). {@link PortfolioQuestions#named} turns them into the named facts the
 * answerer cites, so every number in an answer comes from here.
 *
 * @param scope         the detected filters (industry, risk_tier, complaint_category), absent when not asked
 * @param total         accounts in the portfolio
 * @param matching      accounts in the slice
 * @param tierCounts    risk tier → accounts in the slice
 * @param topComplaints category → accounts whose top complaint it is, among the slice's at-risk and critical
 *                      accounts (or the whole slice when a tier was asked for), most frequent first
 * @param lowest        the slice's lowest-scoring accounts
 */
public record SliceFacts(Map<String, String> scope, String asOfDate, String runId, int total, int matching,
                             double sharePercent, Double averageHealthScore, Double averageSentiment,
                             Map<String, Integer> tierCounts, List<Map<String, Object>> topComplaints,
                             List<Map<String, Object>> lowest) {
}
