package com.vantagepoint.pipeline.generate;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At --bad-share 0 every line is a valid record with the documented raw fields, types, values and references. */
class GeneratedDataValidityTest {
    static final List<String> ACCOUNT_KEYS = List.of("account_id", "industry", "annual_revenue", "subscription_start_date",
            "subscription_end_date", "is_churned", "tier", "account_owner_id");
    static final List<String> OPPORTUNITY_KEYS = List.of("opportunity_id", "account_id", "product_code", "stage",
            "amount_gbp", "close_date", "lead_source");
    static final List<String> USAGE_KEYS = List.of("session_id", "account_id", "user_id", "feature_used",
            "session_duration_seconds", "error_codes_encountered", "timestamp");

    @TempDir
    static Path tmp;
    static RawData data;
    static GenerationSummary summary;

    @BeforeAll
    static void generate() throws IOException {
        summary = DataGenerator.generate(GeneratorTestSupport.seedScale(tmp).withBadShare(0));
        data = RawData.read(tmp);
    }

    @Test
    void noBadRecordAtBadShareZero() {
        assertTrue(data.rejects.isEmpty(), () -> "rejects: " + data.rejects);
        for (String s : List.of(GenerationSummary.ACCOUNTS, GenerationSummary.OPPORTUNITIES, GenerationSummary.USAGE_LOGS,
                GenerationSummary.TRANSCRIPTS)) {
            assertEquals(0, summary.badRowsTotal(s), s);
        }
        assertEquals(200, data.accounts.size());
        assertEquals(7_500, data.usage.size());
        assertEquals(650, data.transcripts.size());
        assertEquals(data.read.get(GenerationSummary.OPPORTUNITIES), data.opportunities.size());
        assertEquals(summary.validRows(GenerationSummary.OPPORTUNITIES), data.opportunities.size());
    }

    @Test
    void rowsHaveExactlyTheSpecifiedFieldsAndTypes() {
        for (JsonNode a : data.accounts.values()) {
            assertEquals(ACCOUNT_KEYS, fieldNames(a));
            assertTrue(a.get("account_id").asText().matches("ACC-\\d{4}"));
            assertTrue(a.get("annual_revenue").decimalValue().scale() <= 2);
        }
        for (JsonNode o : data.opportunities.values()) {
            assertEquals(OPPORTUNITY_KEYS, fieldNames(o));
            assertTrue(o.get("opportunity_id").asText().matches("OPP-\\d{4}"));
        }
        Set<String> features = new HashSet<>(GeneratorTestSupport.FEATURES);
        features.addAll(List.of(DataGenerator.EXTRA_FEATURES));
        for (JsonNode u : data.usage.values()) {
            assertEquals(USAGE_KEYS, fieldNames(u));
            assertTrue(u.get("session_id").asText().matches("SES-\\d{5}"));
            assertTrue(u.get("user_id").asText().startsWith("USR-"));
            assertTrue(features.contains(u.get("feature_used").asText()), u.toString());
            JsonNode err = u.get("error_codes_encountered");
            assertTrue(err.isNull() || err.isTextual());
        }
        for (JsonNode t : data.transcripts.values()) {
            assertTrue(t.get("interaction_id").asText().matches("INT-\\d{5}"));
            assertTrue(t.get("transcript_body").asText().length() > 20);
        }
    }

    @Test
    void timestampsUseZuluOffsetsAndSometimesNoOffset() {
        Map<String, Integer> styles = new HashMap<>();
        for (JsonNode u : data.usage.values()) {
            String ts = u.get("timestamp").asText();
            styles.merge(ts.endsWith("Z") ? "Z" : ts.endsWith("+01:00") ? "+01:00" : "none", 1, Integer::sum);
        }
        assertTrue(styles.get("Z") > 6_500, styles::toString);
        assertTrue(styles.getOrDefault("+01:00", 0) > 50, styles::toString);
        assertTrue(styles.getOrDefault("none", 0) > 50, styles::toString);
    }

    @Test
    void dataSpansTwoYearsWithAFewEventsAfterAsOf() {
        Instant endOfAsOf = GeneratorTestSupport.AS_OF.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Instant twoYearsBefore = GeneratorTestSupport.AS_OF.minusYears(2).minusDays(2).atStartOfDay().toInstant(ZoneOffset.UTC);
        long after = 0;
        for (JsonNode u : data.usage.values()) {
            Instant ts = RawData.instant(u);
            assertTrue(ts.isAfter(twoYearsBefore), u::toString);
            assertTrue(ts.isBefore(endOfAsOf.plusSeconds(7 * 86_400)), u::toString);
            if (!ts.isBefore(endOfAsOf)) {
                after++;
            }
        }
        assertTrue(after > 0 && after < 300, "sessions after as-of: " + after);
    }

    @Test
    void referencesResolveAndOpportunityOnlyTranscriptsAreCommon() {
        Map<String, Integer> types = new HashMap<>();
        int opportunityOnly = 0;
        int emailsOpportunityOnly = 0;
        for (JsonNode t : data.transcripts.values()) {
            String type = t.get("interaction_type").asText();
            types.merge(type, 1, Integer::sum);
            String acc = RawData.text(t, "account_id");
            String opp = RawData.text(t, "opportunity_id");
            if (opp != null) {
                assertNotNull(data.opportunities.get(opp), t::toString);
            }
            if (acc == null) {
                opportunityOnly++;
                assertNotNull(opp);
                assertTrue(data.accounts.containsKey(data.resolvedAccount(t)));
                if (type.equals("email")) {
                    emailsOpportunityOnly++;
                }
            } else {
                assertTrue(data.accounts.containsKey(acc));
            }
            if (type.equals("sales_call")) {
                assertNull(acc, "sales calls carry only an opportunity_id");
            }
            if (type.equals("support_ticket")) {
                assertNotNull(acc);
            }
        }
        double n = data.transcripts.size();
        assertEquals(0.40, types.get("support_ticket") / n, 0.01);
        assertEquals(0.35, types.get("sales_call") / n, 0.05);
        assertEquals(0.25, types.get("email") / n, 0.05);
        assertEquals(0.475, opportunityOnly / n, 0.06, "opportunity-only share");
        assertEquals(0.5, emailsOpportunityOnly / (double) types.get("email"), 0.12);
        for (JsonNode o : data.opportunities.values()) {
            assertTrue(data.accounts.containsKey(o.get("account_id").asText()));
        }
    }

    @Test
    void churnedAccountsEndedBeforeAsOfAndSomeStartAfterIt() {
        int churned = 0;
        int recent = 0;
        int future = 0;
        LocalDate asOf = GeneratorTestSupport.AS_OF;
        for (JsonNode a : data.accounts.values()) {
            LocalDate start = RawData.date(a, "subscription_start_date");
            LocalDate end = RawData.date(a, "subscription_end_date");
            if (a.get("is_churned").asBoolean()) {
                churned++;
                assertTrue(end.isBefore(asOf) && start.isBefore(end));
                recent += end.isAfter(asOf.minusDays(90)) ? 1 : 0;
            }
            future += start.isAfter(asOf) ? 1 : 0;
        }
        assertTrue(churned >= 30, "churned " + churned);
        assertTrue(recent > 0, "some churned in the last 90 days");
        assertTrue(future > 0 && future < 10, "future starts " + future);
    }

    @Test
    void transcriptTextsAreVaried() {
        Set<String> bodies = new HashSet<>();
        boolean injection = false;
        boolean unicode = false;
        boolean newline = false;
        for (JsonNode t : data.transcripts.values()) {
            String body = t.get("transcript_body").asText();
            bodies.add(body);
            injection |= body.toLowerCase().contains("ignore previous instructions")
                    || body.toLowerCase().contains("ignore all previous instructions");
            unicode |= body.chars().anyMatch(c -> c > 127);
            newline |= body.contains("\n");
        }
        assertTrue(bodies.size() > 640, "distinct bodies " + bodies.size());
        assertTrue(unicode && newline);
        assertTrue(injection, "a prompt-injection attempt is present");
    }

    private static List<String> fieldNames(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
