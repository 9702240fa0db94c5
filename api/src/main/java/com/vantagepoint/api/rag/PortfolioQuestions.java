package com.vantagepoint.api.rag;

import com.vantagepoint.api.mart.Column;
import com.vantagepoint.api.mart.Snapshot;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.insight.PortfolioAnswerer;
import com.vantagepoint.scoring.insight.PortfolioFacts;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Retrieval for {@code /api/rag}: detects the industry, risk tier and complaint category a question
 * is about and computes the facts over that slice of the snapshot.
 */
public final class PortfolioQuestions {
    private static final List<String> CATEGORIES = List.of("billing", "performance", "bugs", "feature_request",
            "onboarding", "security", "data_quality", "general");

    private PortfolioQuestions() {
    }

    /** The detected scope: industry, risk_tier, complaint_category (only those found). */
    public static Map<String, String> scope(String question, Snapshot snap) {
        String q = " " + question.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9&]+", " ") + " ";
        Map<String, String> scope = new LinkedHashMap<>();
        String bestIndustry = null;
        for (String ind : snap.industries()) {
            String name = " " + ind.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9&]+", " ").trim();
            if (q.contains(name + " ") || q.contains(name + "s ")
                    || (name.endsWith("y") && q.contains(name.substring(0, name.length() - 1) + "ies "))) {
                if (bestIndustry == null || ind.length() > bestIndustry.length()) {
                    bestIndustry = ind;
                }
            }
        }
        if (bestIndustry != null) {
            scope.put("industry", bestIndustry);
        }
        for (RiskTier tier : TIERS_MOST_SPECIFIC_FIRST) {
            if (q.contains(" " + tier.phrase() + " ") || q.contains(" " + tier.label() + " ")
                    || (tier == RiskTier.AT_RISK && q.contains(" risky "))) {
                scope.put(Columns.RISK_TIER, tier.label());
                break;
            }
        }
        for (String c : CATEGORIES) {
            String words = c.replace('_', ' ');
            String singular = words.endsWith("s") ? words.substring(0, words.length() - 1) : words;
            if (q.contains(" " + words + " ") || q.contains(" " + singular + " ")) {
                scope.put("complaint_category", c);
                break;
            }
        }
        return scope;
    }

    public static SliceFacts facts(String question, Snapshot snap) {
        Map<String, String> scope = scope(question, snap);
        int tier = scope.containsKey(Columns.RISK_TIER) ? RiskTier.labels().indexOf(scope.get(Columns.RISK_TIER)) : -1;
        String industry = scope.get("industry");
        String category = scope.get("complaint_category");
        Column score = snap.column(Columns.HEALTH_SCORE);
        Column sentiment = snap.column("avg_sentiment");
        Column complaint = snap.column("top_complaint_category");
        int[] tierCounts = new int[RiskTier.labels().size()];
        Map<String, Integer> complaints = new HashMap<>();
        List<Integer> rows = new ArrayList<>();
        double scoreSum = 0;
        double sentSum = 0;
        int sentN = 0;
        for (int r = 0; r < snap.size(); r++) {
            if ((tier >= 0 && snap.tierCode(r) != tier)
                    || (industry != null && !industry.equals(snap.industryOf(r)))
                    || (category != null && (complaint == null || !category.equals(complaint.string(r))))) {
                continue;
            }
            rows.add(r);
            scoreSum += score.number(r);
            if (snap.tierCode(r) >= 0) {
                tierCounts[snap.tierCode(r)]++;
            }
            if (sentiment != null && !sentiment.isNull(r)) {
                sentSum += sentiment.number(r);
                sentN++;
            }
            boolean atRisk = snap.tierCode(r) == 1 || snap.tierCode(r) == 2;
            if (complaint != null && (tier >= 0 || atRisk) && complaint.string(r) != null && !"none".equals(complaint.string(r))) {
                complaints.merge(complaint.string(r), 1, Integer::sum);
            }
        }
        Map<String, Integer> tc = new LinkedHashMap<>();
        for (int t = 0; t < tierCounts.length; t++) {
            tc.put(RiskTier.labels().get(t), tierCounts[t]);
        }
        List<Map<String, Object>> top = complaints.entrySet().stream()
                .sorted(Map.Entry.<String, Integer>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(5)
                .map(e -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("category", e.getKey());
                    m.put("accounts", e.getValue());
                    return m;
                })
                .toList();
        List<Map<String, Object>> lowest = rows.stream()
                .sorted(Comparator.comparingDouble(score::number))
                .limit(5)
                .map(r -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("account_id", snap.column("account_id").string(r));
                    m.put(Columns.HEALTH_SCORE, score.number(r));
                    m.put(Columns.RISK_TIER, RiskTier.labels().get(Math.max(0, snap.tierCode(r))));
                    m.put("industry", snap.industryOf(r));
                    m.put("top_complaint_category", complaint == null ? null : complaint.string(r));
                    return m;
                })
                .toList();
        int n = rows.size();
        return new SliceFacts(scope, snap.run().asOfDate(), snap.run().runId(), snap.size(), n,
                snap.size() == 0 ? 0 : Math.round(1000.0 * n / snap.size()) / 10.0,
                n == 0 ? null : Math.round(10 * scoreSum / n) / 10.0,
                sentN == 0 ? null : Math.round(1000 * sentSum / sentN) / 1000.0,
                tc, top, lowest);
    }

    /** A question naming a troubled tier is about that tier even when it also says "healthy". */
    private static final List<RiskTier> TIERS_MOST_SPECIFIC_FIRST = List.of(RiskTier.AT_RISK, RiskTier.CRITICAL,
            RiskTier.CHURNED, RiskTier.HEALTHY);

    /** The tier as an adjective: "at-risk". */
    private static String adjective(String tierLabel) {
        return RiskTier.fromLabel(tierLabel).map(t -> t.phrase().replace(' ', '-')).orElse(tierLabel);
    }

    /** "at-risk FinTech accounts whose top complaint is billing" and the like. */
    private static String phrase(String tier, String industry, String category) {
        StringBuilder sb = new StringBuilder();
        if (tier != null) {
            sb.append(adjective(tier)).append(' ');
        }
        if (industry != null) {
            sb.append(industry).append(' ');
        }
        sb.append("accounts");
        if (category != null) {
            sb.append(" whose top complaint is ").append(category.replace('_', ' '));
        }
        return sb.toString();
    }

    /**
     * The slice's figures as named facts for a {@link PortfolioAnswerer}, most important first; names
     * carry the words a question about that slice uses (tier, industry, complaint, score, sentiment).
     */
    public static PortfolioFacts named(SliceFacts f, Snapshot snap) {
        Map<String, String> scope = f.scope();
        String tier = scope.get(Columns.RISK_TIER);
        String industry = scope.get("industry");
        String category = scope.get("complaint_category");
        String slice = scope.isEmpty() ? "accounts in the portfolio" : phrase(tier, industry, category);
        List<PortfolioFacts.Fact> facts = new ArrayList<>();
        facts.add(new PortfolioFacts.Fact(slice, f.matching(), scope.isEmpty() ? null : (double) f.total(), null));
        if (industry != null && (tier != null || category != null)) {
            int industryTotal = 0;
            for (int r = 0; r < snap.size(); r++) {
                if (industry.equals(snap.industryOf(r))) {
                    industryTotal++;
                }
            }
            facts.add(new PortfolioFacts.Fact(slice + " among all " + industry + " accounts", f.matching(), (double) industryTotal, null));
        }
        if (f.averageHealthScore() != null) {
            facts.add(new PortfolioFacts.Fact("average health score of " + slice, f.averageHealthScore(), null, "points"));
        }
        if (tier == null && f.matching() > 0) {
            for (Map.Entry<String, Integer> e : f.tierCounts().entrySet()) {
                facts.add(new PortfolioFacts.Fact(phrase(e.getKey(), industry, category), e.getValue(), (double) f.matching(), null));
            }
        }
        int population = tier != null ? f.matching()
                : f.tierCounts().getOrDefault(RiskTier.AT_RISK.label(), 0) + f.tierCounts().getOrDefault(RiskTier.CRITICAL.label(), 0);
        String popPhrase = tier != null ? phrase(tier, industry, null)
                : adjective(RiskTier.AT_RISK.label()) + " and " + adjective(RiskTier.CRITICAL.label()) + " "
                + (industry == null ? "" : industry + " ") + "accounts";
        for (Map<String, Object> c : f.topComplaints()) {
            facts.add(new PortfolioFacts.Fact(popPhrase + " whose top complaint is " + String.valueOf(c.get("category")).replace('_', ' '),
                    ((Number) c.get("accounts")).doubleValue(), (double) population, null));
        }
        if (f.averageSentiment() != null) {
            facts.add(new PortfolioFacts.Fact("average transcript sentiment of " + slice, f.averageSentiment(), null, null));
        }
        for (Map<String, Object> a : f.lowest()) {
            facts.add(new PortfolioFacts.Fact("health score of " + a.get("account_id") + ", among the lowest " + slice,
                    ((Number) a.get(Columns.HEALTH_SCORE)).doubleValue(), null, "points"));
        }
        return new PortfolioFacts(f.asOfDate(), f.runId(), facts);
    }
}
