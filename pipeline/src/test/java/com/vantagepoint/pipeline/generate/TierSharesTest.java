package com.vantagepoint.pipeline.generate;

import com.fasterxml.jackson.databind.JsonNode;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.HealthScore;
import com.vantagepoint.scoring.health.HealthSignals;
import com.vantagepoint.scoring.health.RiskTier;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Scores the generated accounts with the health model (weights and bands from the shipped config), computing
 * the signals in plain Java from the files (sentiment: the value planted per transcript), and checks the
 * planted signals produce every risk tier at seed scale.
 */
class TierSharesTest {
    static final HealthModel MODEL = HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring"));

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "seed {0}, as-of {1}")
    @CsvSource({"42, 2026-11-25", "7, 2025-06-30", "2024, 2027-02-01"})
    void everyRiskTierHoldsAtLeastTenPercentOfAccounts(long seed, String asOfText) throws IOException {
        LocalDate asOf = LocalDate.parse(asOfText);
        Map<String, Double> planted = new ConcurrentHashMap<>();
        Map<String, Archetype> archetypes = new ConcurrentHashMap<>();
        DataGenerator.Listener listener = new DataGenerator.Listener() {
            @Override
            public void account(String accountId, Archetype archetype) {
                archetypes.put(accountId, archetype);
            }

            @Override
            public void transcript(String id, String account, String type, double sentiment, String category) {
                planted.put(id, sentiment);
            }
        };
        GeneratorOptions options = GeneratorOptions.defaults(tmp, asOf, GeneratorTestSupport.FEATURES).withSeed(seed);
        DataGenerator.generate(options, listener);
        RawData data = RawData.read(tmp);
        Map<String, HealthScore> scores = score(data, planted, asOf);

        Map<RiskTier, Integer> tiers = new EnumMap<>(RiskTier.class);
        int agree = 0;
        for (Map.Entry<String, HealthScore> e : scores.entrySet()) {
            RiskTier tier = e.getValue().tier();
            tiers.merge(tier, 1, Integer::sum);
            agree += tier.label().equals(archetypes.get(e.getKey()).expectedTier()) ? 1 : 0;
        }
        double n = scores.size();
        Map<Archetype, double[]> range = new EnumMap<>(Archetype.class);
        scores.forEach((id, sc) -> {
            double[] r = range.computeIfAbsent(archetypes.get(id), k -> new double[] {100, 0});
            r[0] = Math.min(r[0], sc.healthScore());
            r[1] = Math.max(r[1], sc.healthScore());
        });
        StringBuilder ranges = new StringBuilder();
        range.forEach((k, r) -> ranges.append(String.format(java.util.Locale.ROOT, " %s %.1f..%.1f", k, r[0], r[1])));
        System.out.printf("seed %d as-of %s: %d scored accounts, tiers %s, archetype agreement %.1f%%, score ranges%s%n",
                seed, asOf, scores.size(), tiers, 100 * agree / n, ranges);
        for (RiskTier t : RiskTier.values()) {
            assertTrue(tiers.getOrDefault(t, 0) / n >= 0.10, t.label() + " share " + tiers.getOrDefault(t, 0) / n);
        }
        assertTrue(agree / n >= 0.9, "archetypes land in their tier: " + agree / n);
        assertTrue(n < 200, "accounts starting after as-of are left out");
    }

    static Map<String, HealthScore> score(RawData data, Map<String, Double> sentiment, LocalDate asOf) {
        Instant end = asOf.plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
        Map<String, Long> sessions = new HashMap<>();
        Map<String, Long> errors = new HashMap<>();
        Map<String, Set<String>> features = new HashMap<>();
        Map<String, Instant> last = new HashMap<>();
        for (JsonNode u : data.usage.values()) {
            Instant ts = RawData.instant(u);
            if (!ts.isBefore(end)) {
                continue;
            }
            String acc = u.get("account_id").asText();
            sessions.merge(acc, 1L, Long::sum);
            String err = RawData.text(u, "error_codes_encountered");
            if (err != null && !err.isBlank()) {
                errors.merge(acc, 1L, Long::sum);
            }
            features.computeIfAbsent(acc, k -> new HashSet<>()).add(u.get("feature_used").asText());
            last.merge(acc, ts, (a, b) -> a.isAfter(b) ? a : b);
        }
        Map<String, double[]> sentimentSums = new HashMap<>();
        Map<String, Long> tickets = new HashMap<>();
        for (JsonNode t : data.transcripts.values()) {
            if (!RawData.instant(t).isBefore(end)) {
                continue;
            }
            String acc = data.resolvedAccount(t);
            double[] s = sentimentSums.computeIfAbsent(acc, k -> new double[2]);
            s[0] += sentiment.get(t.get("interaction_id").asText());
            s[1]++;
            if (t.get("interaction_type").asText().equals("support_ticket")) {
                tickets.merge(acc, 1L, Long::sum);
            }
        }
        Map<String, HealthScore> scores = new HashMap<>();
        for (JsonNode a : data.accounts.values()) {
            LocalDate start = RawData.date(a, "subscription_start_date");
            if (start.isAfter(asOf)) {
                continue;
            }
            String id = a.get("account_id").asText();
            LocalDate endDate = RawData.date(a, "subscription_end_date");
            boolean churned = a.get("is_churned").asBoolean() && (endDate == null || !endDate.isAfter(asOf));
            long n = sessions.getOrDefault(id, 0L);
            double errorRate = n == 0 ? 0 : HealthModel.roundHalfUp(errors.getOrDefault(id, 0L) / (double) n, 4);
            Integer days = last.containsKey(id)
                    ? (int) ChronoUnit.DAYS.between(LocalDate.ofInstant(last.get(id), ZoneOffset.UTC), asOf) : null;
            double[] s = sentimentSums.get(id);
            Double avg = s == null ? null : HealthModel.roundHalfUp(s[0] / s[1], 3);
            scores.put(id, MODEL.score(new HealthSignals(n, features.getOrDefault(id, Set.of()).size(), errorRate, days, avg,
                    tickets.getOrDefault(id, 0L), churned)));
        }
        return scores;
    }
}
