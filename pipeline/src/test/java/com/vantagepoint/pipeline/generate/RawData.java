package com.vantagepoint.pipeline.generate;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

/**
 * A plain-Java reading of a generated raw layout that applies the staging rules: every line is
 * either valid (kept) or rejected with one reason. Small data only (tests).
 */
final class RawData {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Set<String> TIERS = Set.of("standard", "enterprise");
    static final Set<String> STAGES = Set.of("prospecting", "closed-won", "closed-lost");
    static final Set<String> TYPES = Set.of("support_ticket", "sales_call", "email");

    final Map<String, JsonNode> accounts = new LinkedHashMap<>();
    final Map<String, JsonNode> opportunities = new LinkedHashMap<>();
    final Map<String, JsonNode> usage = new LinkedHashMap<>();
    final Map<String, JsonNode> transcripts = new LinkedHashMap<>();
    final Map<String, Map<BadReason, Long>> rejects = new HashMap<>();
    final Map<String, Long> read = new HashMap<>();

    static RawData read(Path root) throws IOException {
        RawData d = new RawData();
        // accounts and opportunities: exact duplicates; usage and transcripts: keep the latest timestamp
        List<JsonNode> accounts = d.parse(root, "crm/accounts", GenerationSummary.ACCOUNTS);
        for (JsonNode a : accounts) {
            BadReason r = checkAccount(a);
            if (r == null && d.accounts.containsKey(a.get("account_id").asText())) {
                r = BadReason.DUPLICATE;
            }
            d.keepOrReject(GenerationSummary.ACCOUNTS, r, d.accounts, a, "account_id");
        }
        for (JsonNode o : d.parse(root, "crm/opportunities", GenerationSummary.OPPORTUNITIES)) {
            BadReason r = checkOpportunity(o);
            if (r == null && !d.accounts.containsKey(o.get("account_id").asText())) {
                r = BadReason.UNKNOWN_ACCOUNT;
            }
            if (r == null && d.opportunities.containsKey(o.get("opportunity_id").asText())) {
                r = BadReason.DUPLICATE;
            }
            d.keepOrReject(GenerationSummary.OPPORTUNITIES, r, d.opportunities, o, "opportunity_id");
        }
        for (JsonNode u : d.parse(root, "usage_logs", GenerationSummary.USAGE_LOGS)) {
            BadReason r = checkUsage(u);
            if (r == null && !d.accounts.containsKey(u.get("account_id").asText())) {
                r = BadReason.UNKNOWN_ACCOUNT;
            }
            d.keepLatestOrReject(GenerationSummary.USAGE_LOGS, r, d.usage, u, "session_id");
        }
        for (JsonNode t : d.parse(root, "transcripts", GenerationSummary.TRANSCRIPTS)) {
            BadReason r = checkTranscript(t);
            if (r == null) {
                String acc = text(t, "account_id");
                String opp = text(t, "opportunity_id");
                if (acc != null) {
                    r = d.accounts.containsKey(acc) ? null : BadReason.UNKNOWN_ACCOUNT;
                } else if (opp != null) {
                    r = d.opportunities.containsKey(opp) ? null : BadReason.UNKNOWN_OPPORTUNITY;
                } else {
                    r = BadReason.UNATTRIBUTED;
                }
            }
            d.keepLatestOrReject(GenerationSummary.TRANSCRIPTS, r, d.transcripts, t, "interaction_id");
        }
        return d;
    }

    /** The account a transcript belongs to: its account_id, else its opportunity's account. */
    String resolvedAccount(JsonNode t) {
        String acc = text(t, "account_id");
        return acc != null ? acc : opportunities.get(text(t, "opportunity_id")).get("account_id").asText();
    }

    long rejected(String source, BadReason reason) {
        return rejects.getOrDefault(source, Map.of()).getOrDefault(reason, 0L);
    }

    long rejectedWithoutDuplicates(String source) {
        return rejects.getOrDefault(source, Map.of()).entrySet().stream()
                .filter(e -> e.getKey() != BadReason.DUPLICATE).mapToLong(Map.Entry::getValue).sum();
    }

    private List<JsonNode> parse(Path root, String dir, String source) throws IOException {
        List<JsonNode> rows = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> walk = Files.walk(root.resolve(dir))) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        for (Path f : files) {
            try (InputStream in = f.toString().endsWith(".gz") ? new GZIPInputStream(Files.newInputStream(f)) : Files.newInputStream(f);
                 BufferedReader br = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                String line;
                while ((line = br.readLine()) != null) {
                    read.merge(source, 1L, Long::sum);
                    try {
                        JsonNode n = JSON.readTree(line);
                        if (n == null || !n.isObject()) {
                            reject(source, BadReason.MALFORMED_JSON);
                        } else {
                            rows.add(n);
                        }
                    } catch (JsonProcessingException e) {
                        reject(source, BadReason.MALFORMED_JSON);
                    }
                }
            }
        }
        return rows;
    }

    private void reject(String source, BadReason reason) {
        rejects.computeIfAbsent(source, s -> new EnumMap<>(BadReason.class)).merge(reason, 1L, Long::sum);
    }

    private void keepOrReject(String source, BadReason reason, Map<String, JsonNode> kept, JsonNode row, String key) {
        if (reason != null) {
            reject(source, reason);
        } else {
            kept.put(row.get(key).asText(), row);
        }
    }

    private void keepLatestOrReject(String source, BadReason reason, Map<String, JsonNode> kept, JsonNode row, String key) {
        if (reason != null) {
            reject(source, reason);
            return;
        }
        String id = row.get(key).asText();
        JsonNode previous = kept.get(id);
        if (previous == null) {
            kept.put(id, row);
            return;
        }
        reject(source, BadReason.DUPLICATE);
        if (instant(row).isAfter(instant(previous))) {
            kept.put(id, row);
        }
    }

    static BadReason checkAccount(JsonNode a) {
        if (text(a, "account_id") == null) {
            return BadReason.MISSING_KEY;
        }
        if (!a.path("annual_revenue").isNumber() || !a.path("is_churned").isBoolean()
                || date(a, "subscription_start_date") == null || !dateOrNull(a, "subscription_end_date")) {
            return BadReason.BAD_TYPE;
        }
        return TIERS.contains(text(a, "tier")) ? null : BadReason.BAD_VALUE;
    }

    static BadReason checkOpportunity(JsonNode o) {
        if (text(o, "opportunity_id") == null || text(o, "account_id") == null) {
            return BadReason.MISSING_KEY;
        }
        if (!o.path("amount_gbp").isNumber() || date(o, "close_date") == null) {
            return BadReason.BAD_TYPE;
        }
        return STAGES.contains(text(o, "stage")) ? null : BadReason.BAD_VALUE;
    }

    static BadReason checkUsage(JsonNode u) {
        if (text(u, "session_id") == null || text(u, "account_id") == null) {
            return BadReason.MISSING_KEY;
        }
        JsonNode err = u.get("error_codes_encountered");
        if (!u.path("session_duration_seconds").isIntegralNumber() || instantOrNull(u) == null
                || text(u, "user_id") == null || text(u, "feature_used") == null
                || (err != null && !err.isNull() && !err.isTextual())) {
            return BadReason.BAD_TYPE;
        }
        return u.get("session_duration_seconds").asLong() < 0 ? BadReason.BAD_VALUE : null;
    }

    static BadReason checkTranscript(JsonNode t) {
        if (text(t, "interaction_id") == null) {
            return BadReason.MISSING_KEY;
        }
        if (instantOrNull(t) == null || !t.path("transcript_body").isTextual()) {
            return BadReason.BAD_TYPE;
        }
        return TYPES.contains(text(t, "interaction_type")) ? null : BadReason.BAD_VALUE;
    }

    static String text(JsonNode n, String field) {
        JsonNode v = n.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }

    static LocalDate date(JsonNode n, String field) {
        String s = text(n, field);
        try {
            return s == null ? null : LocalDate.parse(s);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static boolean dateOrNull(JsonNode n, String field) {
        return text(n, field) == null || date(n, field) != null;
    }

    static Instant instant(JsonNode n) {
        return instantOrNull(n);
    }

    static Instant instantOrNull(JsonNode n) {
        String s = text(n, "timestamp");
        if (s == null) {
            return null;
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException e2) {
                return null;
            }
        }
    }
}
