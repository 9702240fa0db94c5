package com.vantagepoint.scoring.insight;

import com.vantagepoint.scoring.config.Digests;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.Signal;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Everything an insight generator may use about one account, as of one date.
 *
 * @param accountId    e.g. ACC-0042
 * @param industry     CRM industry
 * @param tier         standard | enterprise
 * @param riskTier     the account's tier as of the date
 * @param healthScore  0-100, 1 dp
 * @param points       points each signal earned (2 dp, as published); a signal without points is left out
 * @param metrics      the metrics of the scored row
 * @param interactions the account's enriched interactions (any order)
 */
public record AccountContext(String accountId, String industry, String tier, RiskTier riskTier, double healthScore,
                             Map<Signal, Double> points, AccountMetrics metrics, List<InteractionFact> interactions) {

    public AccountContext {
        points = points == null || points.isEmpty() ? Map.of() : Collections.unmodifiableMap(new EnumMap<>(points));
        metrics = metrics == null ? AccountMetrics.NONE : metrics;
        interactions = interactions == null ? List.of() : List.copyOf(interactions);
    }

    /**
     * SHA-256 (hex) of a canonical form of every field: points in signal order, metrics by name, numbers in plain form without trailing
     * zeros, interactions sorted by time, type, sentiment, category and excerpt. Equal inputs give equal hashes
     * whatever the map or list order, so an insight is regenerated only when its inputs change.
     */
    public String inputHash() {
        StringBuilder sb = new StringBuilder(256);
        field(sb, "account_id", accountId);
        field(sb, "industry", industry);
        field(sb, "tier", tier);
        field(sb, Columns.RISK_TIER, riskTier == null ? null : riskTier.label());
        field(sb, Columns.HEALTH_SCORE, number(healthScore));
        points.forEach((k, v) -> field(sb, "points." + k.key(), v == null ? null : number(v)));
        metrics.byColumn().forEach((k, v) -> field(sb, "metrics." + k, canonical(v)));
        List<InteractionFact> sorted = new ArrayList<>(interactions);
        sorted.sort(Comparator.comparing(InteractionFact::timestamp, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(InteractionFact::interactionType, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparingDouble(InteractionFact::sentiment)
                .thenComparing(InteractionFact::category, Comparator.nullsFirst(Comparator.naturalOrder()))
                .thenComparing(InteractionFact::excerpt, Comparator.nullsFirst(Comparator.naturalOrder())));
        for (InteractionFact f : sorted) {
            sb.append("interaction[");
            field(sb, "timestamp", f.timestamp() == null ? null : f.timestamp().toString());
            field(sb, "type", f.interactionType());
            field(sb, "sentiment", number(f.sentiment()));
            field(sb, "category", f.category());
            field(sb, "excerpt", f.excerpt());
            sb.append("]\n");
        }
        return Digests.sha256Hex(sb.toString());
    }

    private static void field(StringBuilder sb, String name, String value) {
        // Length-prefixed values: no separator inside a value can make two different inputs collide.
        sb.append(name).append('=');
        if (value == null) {
            sb.append("null");
        } else {
            sb.append(value.length()).append(':').append(value);
        }
        sb.append('\n');
    }

    private static String canonical(Object v) {
        if (v == null) {
            return null;
        }
        if (v instanceof Double || v instanceof Float) {
            return number(((Number) v).doubleValue());
        }
        if (v instanceof Number n) {
            return new BigDecimal(n.toString()).stripTrailingZeros().toPlainString();
        }
        return v.getClass().getSimpleName() + ":" + v;
    }

    private static String number(double d) {
        if (Double.isNaN(d) || Double.isInfinite(d)) {
            return Double.toString(d);
        }
        return BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
}
