package com.vantagepoint.scoring.insight;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Offline, deterministic portfolio answers: the facts whose names share the most words with the question are cited
 * verbatim ("healthcare accounts at risk: 12 of 30 (40%)"); when none matches, the overview facts are cited and the
 * answer says so. The question only selects facts; no number in the answer comes from anywhere but the facts.
 */
public final class LocalPortfolioAnswerer implements PortfolioAnswerer, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    static final int MAX_CITED = 4;

    private static final Set<String> STOPWORDS = Set.of("a", "an", "the", "of", "in", "on", "for", "to", "and", "or",
            "is", "are", "was", "were", "be", "been", "how", "many", "much", "what", "which", "who", "whose", "do", "does",
            "did", "we", "our", "us", "i", "me", "my", "you", "your", "there", "their", "this", "that", "these", "those",
            "with", "by", "from", "at", "as", "it", "its", "have", "has", "had", "can", "could", "should", "would", "will",
            "show", "tell", "give", "list", "please", "about", "than", "any", "all", "per", "number", "count");
    /** Question words mapped to the words facts use. */
    private static final Map<String, String> SYNONYMS = Map.ofEntries(
            Map.entry("risky", "risk"), Map.entry("atrisk", "risk"), Map.entry("churning", "churn"),
            Map.entry("lost", "churn"), Map.entry("leaving", "churn"), Map.entry("unhappy", "negative"),
            Map.entry("complaint", "complaint"), Map.entry("complain", "complaint"), Map.entry("issue", "complaint"),
            Map.entry("problem", "complaint"), Map.entry("mood", "sentiment"), Map.entry("feeling", "sentiment"),
            Map.entry("client", "account"), Map.entry("customer", "account"), Map.entry("health", "score"),
            Map.entry("unhealthy", "risk"), Map.entry("ticket", "ticket"), Map.entry("support", "support"));

    @Override
    public Answer answer(String question, PortfolioFacts facts) {
        List<PortfolioFacts.Fact> all = facts == null ? List.of() : facts.facts();
        if (all.isEmpty()) {
            return new Answer("No published portfolio figures are available yet, so this question cannot be answered "
                    + "from the data.", List.of(), false);
        }
        Set<String> wanted = words(question == null ? "" : question);
        List<Scored> scored = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            PortfolioFacts.Fact f = all.get(i);
            Set<String> have = words(f.name());
            int overlap = 0;
            for (String w : wanted) {
                if (have.contains(w)) {
                    overlap++;
                }
            }
            if (overlap > 0) {
                // Prefer facts that cover more of the question, then more specific (shorter) names, then input order.
                scored.add(new Scored(f, overlap, have.size(), i));
            }
        }
        scored.sort(Comparator.comparingInt((Scored s) -> -s.overlap).thenComparingInt(s -> s.nameWords)
                .thenComparingInt(s -> s.index));
        String source = source(facts);
        if (scored.isEmpty()) {
            List<PortfolioFacts.Fact> overview = all.subList(0, Math.min(MAX_CITED, all.size()));
            return new Answer("No figure matches the question directly. The portfolio overview" + source + ": "
                    + render(overview) + ".", overview, false);
        }
        int best = scored.get(0).overlap;
        List<PortfolioFacts.Fact> cited = new ArrayList<>();
        for (Scored s : scored) {
            // Keep the facts nearly as relevant as the best one.
            if (cited.size() < MAX_CITED && s.overlap * 2 >= best) {
                cited.add(s.fact);
            }
        }
        String text = capitalize(cited.get(0).render()) + (source.isEmpty() ? "" : " (" + source.strip() + ")") + ".";
        if (cited.size() > 1) {
            text += " Related: " + render(cited.subList(1, cited.size())) + ".";
        }
        return new Answer(text, cited, true);
    }

    private record Scored(PortfolioFacts.Fact fact, int overlap, int nameWords, int index) {
    }

    private static String source(PortfolioFacts facts) {
        if (facts.asOfDate() == null && facts.runId() == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder(" as of ");
        sb.append(facts.asOfDate() == null ? "the latest run" : facts.asOfDate());
        if (facts.runId() != null) {
            sb.append(", run ").append(facts.runId());
        }
        return sb.toString();
    }

    private static String render(List<PortfolioFacts.Fact> facts) {
        List<String> parts = new ArrayList<>();
        for (PortfolioFacts.Fact f : facts) {
            parts.add(f.render());
        }
        return String.join("; ", parts);
    }

    private static String capitalize(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** Lower-case content words, lightly stemmed and mapped to the facts' vocabulary. */
    static Set<String> words(String text) {
        Set<String> out = new HashSet<>();
        StringBuilder w = new StringBuilder();
        String s = text.toLowerCase(Locale.ROOT);
        for (int i = 0; i <= s.length(); i++) {
            char c = i < s.length() ? s.charAt(i) : ' ';
            if (Character.isLetterOrDigit(c)) {
                w.append(c);
            } else if (w.length() > 0) {
                String word = w.toString();
                w.setLength(0);
                if (STOPWORDS.contains(word)) {
                    continue;
                }
                String stem = stem(word);
                out.add(SYNONYMS.getOrDefault(stem, stem));
            }
        }
        return out;
    }

    private static String stem(String w) {
        if (w.length() > 4 && w.endsWith("ies")) {
            return w.substring(0, w.length() - 3) + "y";
        }
        if (w.length() > 5 && w.endsWith("ing")) {
            return w.substring(0, w.length() - 3);
        }
        if (w.length() > 4 && w.endsWith("ed")) {
            return w.substring(0, w.length() - 2);
        }
        if (w.length() > 3 && w.endsWith("s") && !w.endsWith("ss")) {
            return w.substring(0, w.length() - 1);
        }
        return w;
    }
}
