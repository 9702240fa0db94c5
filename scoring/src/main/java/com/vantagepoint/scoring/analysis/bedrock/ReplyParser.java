package com.vantagepoint.scoring.analysis.bedrock;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.ObjectReader;
import com.vantagepoint.scoring.analysis.ComplaintCategory;
import com.vantagepoint.scoring.analysis.TranscriptAnalysis;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Strict validation of a model reply. A reply must be JSON; prose or code fences around it are
 * tolerated but mark every result {@code repaired}. Per result: the sentiment is clamped into
 * [-1, 1], the confidence into [0, 1], a synonym or unknown category is mapped (unknown → general),
 * and each such fix marks that result {@code repaired}. Results for ids that were not asked for are
 * ignored; asked-for ids without a usable result are simply absent from the map.
 */
public final class ReplyParser {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_EVIDENCE = 3;
    private static final int MAX_EVIDENCE_CHARS = 200;
    private static final int MAX_JSON_CANDIDATES = 32;

    private static final ObjectReader STRICT = JSON.reader().with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final Map<String, ComplaintCategory> SYNONYMS = synonyms();
    /** Synonyms searched inside longer labels, longest first so the most specific wins, deterministically. */
    private static final List<String> CONTAINED = SYNONYMS.keySet().stream()
            .filter(k -> k.length() >= 4)
            .sorted(Comparator.comparingInt(String::length).reversed().thenComparing(Comparator.naturalOrder()))
            .toList();

    private ReplyParser() {
    }

    /** One validated result. */
    public record Item(TranscriptAnalysis analysis, boolean repaired) {
    }

    /** Thrown when a reply holds no usable JSON result at all. */
    public static final class InvalidReplyException extends Exception {
        public InvalidReplyException(String message) {
            super(message);
        }
    }

    /**
     * @param reply       the model's text
     * @param expectedIds the prompt ids asked for
     * @return validated results by prompt id (only expected ids, at least one)
     */
    public static Map<String, Item> parse(String reply, Set<String> expectedIds) throws InvalidReplyException {
        if (reply == null || reply.isBlank()) {
            throw new InvalidReplyException("empty reply");
        }
        String text = reply.strip();
        boolean envelopeRepaired = false;
        JsonNode root = readStrict(text);
        if (root == null) {
            envelopeRepaired = true;
            root = readEmbedded(text);
            if (root == null) {
                throw new InvalidReplyException("no JSON in reply");
            }
        }
        List<JsonNode> elements = new ArrayList<>();
        JsonNode results = root.isObject() ? root.get("results") : null;
        if (results != null && results.isArray()) {
            results.forEach(elements::add);
        } else {
            envelopeRepaired = true;
            if (root.isArray()) {
                root.forEach(elements::add);
            } else if (root.isObject() && root.has("id")) {
                elements.add(root);
            } else if (root.isObject()) {
                for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
                    JsonNode v = it.next();
                    if (v.isArray()) {
                        v.forEach(elements::add);
                    }
                }
            }
        }
        Map<String, Item> out = new LinkedHashMap<>();
        for (JsonNode el : elements) {
            if (!el.isObject() || !el.hasNonNull("id")) {
                continue;
            }
            String id = el.get("id").asText().strip();
            if (!expectedIds.contains(id) || out.containsKey(id)) {
                continue;
            }
            item(el, envelopeRepaired).ifPresent(item -> out.put(id, item));
        }
        if (out.isEmpty()) {
            throw new InvalidReplyException("no usable result for the ids asked");
        }
        return out;
    }

    private static Optional<Item> item(JsonNode el, boolean repaired) {
        Double sentiment = number(el.get("sentiment"));
        if (sentiment == null) {
            return Optional.empty();
        }
        if (el.get("sentiment").isTextual()) {
            repaired = true;
        }
        if (sentiment < -1 || sentiment > 1) {
            sentiment = Math.max(-1, Math.min(1, sentiment));
            repaired = true;
        }
        JsonNode cat = el.get("category");
        ComplaintCategory category;
        Optional<ComplaintCategory> exact = cat != null && cat.isTextual() ? ComplaintCategory.fromLabel(cat.asText()) : Optional.empty();
        if (exact.isPresent()) {
            category = exact.get();
        } else {
            category = mapCategory(cat == null || cat.isNull() ? "" : cat.asText());
            repaired = true;
        }
        Double confidence = number(el.get("confidence"));
        if (confidence == null) {
            confidence = 0.5;
            repaired = true;
        } else if (confidence < 0 || confidence > 1) {
            confidence = Math.max(0, Math.min(1, confidence));
            repaired = true;
        }
        List<String> evidence = new ArrayList<>();
        JsonNode ev = el.get("evidence");
        if (ev != null && ev.isArray()) {
            for (JsonNode e : ev) {
                if (evidence.size() >= MAX_EVIDENCE) {
                    break;
                }
                if (e.isTextual() && !e.asText().isBlank()) {
                    String s = e.asText().strip();
                    evidence.add(s.length() > MAX_EVIDENCE_CHARS ? s.substring(0, MAX_EVIDENCE_CHARS) : s);
                }
            }
        }
        return Optional.of(new Item(new TranscriptAnalysis(sentiment, category, confidence, evidence), repaired));
    }

    /** A finite number from a numeric node or a numeric string; null otherwise. */
    private static Double number(JsonNode node) {
        if (node == null || node.isNull()) {
            return null;
        }
        double v;
        if (node.isNumber()) {
            v = node.asDouble();
        } else if (node.isTextual()) {
            try {
                v = Double.parseDouble(node.asText().strip());
            } catch (NumberFormatException e) {
                return null;
            }
        } else {
            return null;
        }
        return Double.isFinite(v) ? v : null;
    }

    /** Maps a non-canonical label: known synonyms to their category, anything else to general. */
    public static ComplaintCategory mapCategory(String label) {
        String key = label == null ? "" : label.strip().toLowerCase(Locale.ROOT).replace('-', ' ').replace('_', ' ');
        ComplaintCategory c = SYNONYMS.get(key);
        if (c != null) {
            return c;
        }
        for (String k : CONTAINED) {
            if (key.contains(k)) {
                return SYNONYMS.get(k);
            }
        }
        return ComplaintCategory.GENERAL;
    }

    private static JsonNode readStrict(String text) {
        try {
            JsonNode node = STRICT.readTree(text);
            return node != null && (node.isObject() || node.isArray()) ? node : null;
        } catch (Exception e) {
            return null;
        }
    }

    /** The first JSON object or array embedded in prose or a code fence that has results in it. */
    private static JsonNode readEmbedded(String text) {
        int tried = 0;
        for (int i = 0; i < text.length() && tried < MAX_JSON_CANDIDATES; i++) {
            char ch = text.charAt(i);
            if (ch != '{' && ch != '[') {
                continue;
            }
            tried++;
            try {
                JsonNode node = JSON.readTree(text.substring(i));
                if (node != null && (node.isObject() || node.isArray()) && node.size() > 0) {
                    return node;
                }
            } catch (Exception ignored) {
                // not JSON from here; try the next bracket
            }
        }
        return null;
    }

    private static Map<String, ComplaintCategory> synonyms() {
        Map<String, ComplaintCategory> m = new HashMap<>();
        for (String s : List.of("bug", "bugs", "defect", "error", "errors", "crash", "crashes", "broken", "glitch", "issue with product")) {
            m.put(s, ComplaintCategory.BUGS);
        }
        for (String s : List.of("invoice", "invoicing", "pricing", "price", "payment", "payments", "charge", "charges", "refund", "cost", "billing issue", "subscription")) {
            m.put(s, ComplaintCategory.BILLING);
        }
        for (String s : List.of("slow", "slowness", "latency", "speed", "performance issue", "timeout", "timeouts", "outage", "downtime", "reliability")) {
            m.put(s, ComplaintCategory.PERFORMANCE);
        }
        for (String s : List.of("feature", "features", "feature req", "enhancement", "enhancement request", "request", "product request", "suggestion", "missing feature")) {
            m.put(s, ComplaintCategory.FEATURE_REQUEST);
        }
        for (String s : List.of("onboard", "setup", "set up", "training", "implementation", "getting started", "documentation", "docs", "usability")) {
            m.put(s, ComplaintCategory.ONBOARDING);
        }
        for (String s : List.of("privacy", "access", "authentication", "auth", "sso", "login", "compliance", "permissions", "breach")) {
            m.put(s, ComplaintCategory.SECURITY);
        }
        for (String s : List.of("data", "data issue", "data integrity", "accuracy", "data accuracy", "sync", "duplicates", "reporting accuracy")) {
            m.put(s, ComplaintCategory.DATA_QUALITY);
        }
        for (String s : List.of("other", "none", "n/a", "praise", "positive", "neutral", "misc", "miscellaneous", "general inquiry", "question")) {
            m.put(s, ComplaintCategory.GENERAL);
        }
        return Map.copyOf(m);
    }
}
