package com.vantagepoint.api.rag;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns {@link PortfolioFacts} into a short grounded answer, offline and deterministic: every
 * figure in the text is one of the facts. (Stand-in for {@code scoring.insight.PortfolioAnswerer}'s
 * local implementation until that is on main.)
 */
public final class LocalPortfolioAnswer {

    public String answer(String question, PortfolioFacts f) {
        String slice = describe(f.scope());
        StringBuilder sb = new StringBuilder();
        sb.append("As of ").append(f.asOfDate()).append(" (run ").append(f.runId()).append("), ");
        if (f.matching() == 0) {
            return sb.append("no accounts match ").append(slice).append(", so there is nothing to report for that slice.").toString();
        }
        if (f.scope().isEmpty()) {
            sb.append("the portfolio holds ").append(f.total()).append(" accounts");
        } else {
            sb.append(f.matching()).append(" of ").append(f.total()).append(" accounts (")
                    .append(fmt(f.sharePercent())).append("%) are ").append(slice);
        }
        if (f.averageHealthScore() != null) {
            sb.append(", with an average health score of ").append(fmt(f.averageHealthScore()));
        }
        sb.append(". ");
        List<String> tiers = new ArrayList<>();
        f.tierCounts().forEach((t, n) -> {
            if (n > 0) {
                tiers.add(n + " " + t.replace('_', ' '));
            }
        });
        if (!tiers.isEmpty()) {
            sb.append("By risk tier: ").append(String.join(", ", tiers)).append(". ");
        }
        if (!f.topComplaints().isEmpty()) {
            List<String> cats = new ArrayList<>();
            for (Map<String, Object> c : f.topComplaints().subList(0, Math.min(3, f.topComplaints().size()))) {
                cats.add(String.valueOf(c.get("category")).replace('_', ' ') + " (" + c.get("accounts") + ")");
            }
            sb.append(f.scope().containsKey("risk_tier") ? "Most common top complaints in this slice: "
                    : "Most common top complaints among its at-risk and critical accounts: ").append(String.join(", ", cats)).append(". ");
        }
        if (f.averageSentiment() != null) {
            sb.append("Average transcript sentiment is ").append(String.format(Locale.ROOT, "%.2f", f.averageSentiment())).append(". ");
        }
        if (!f.lowest().isEmpty()) {
            List<String> low = new ArrayList<>();
            for (Map<String, Object> a : f.lowest()) {
                low.add(a.get("account_id") + " (" + fmt(((Number) a.get("health_score")).doubleValue()) + ", "
                        + String.valueOf(a.get("risk_tier")).replace('_', ' ') + ")");
            }
            sb.append("Lowest scores: ").append(String.join(", ", low)).append(". ");
        }
        Object topCategory = f.topComplaints().isEmpty() ? null : f.topComplaints().get(0).get("category");
        if (topCategory != null && !"none".equals(topCategory)) {
            sb.append("Suggested focus: address ").append(String.valueOf(topCategory).replace('_', ' '))
                    .append(" issues with the lowest-scoring accounts first.");
        }
        return sb.toString().trim();
    }

    private static String describe(Map<String, String> scope) {
        List<String> parts = new ArrayList<>();
        if (scope.containsKey("risk_tier")) {
            parts.add(scope.get("risk_tier").replace('_', ' '));
        }
        if (scope.containsKey("industry")) {
            parts.add(scope.get("industry"));
        }
        String s = parts.isEmpty() ? "" : String.join(" ", parts) + " accounts";
        if (scope.containsKey("complaint_category")) {
            s = (s.isEmpty() ? "accounts" : s) + " whose top complaint is " + scope.get("complaint_category").replace('_', ' ');
        }
        return s.isEmpty() ? "in the portfolio" : s;
    }

    private static String fmt(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
