package com.vantagepoint.pipeline.enrich;

import com.vantagepoint.scoring.analysis.bedrock.UsageMeter;
import org.apache.spark.SparkContext;
import org.apache.spark.util.DoubleAccumulator;
import org.apache.spark.util.LongAccumulator;

import java.io.Serializable;

/**
 * The run's model usage, summed over every partition with Spark accumulators: each task adds the usage of
 * its own calls (what {@code TranscriptAnalyzer.enrichAll} reports), its cache hits and its fallbacks. Read on the driver
 * once the enriched transcripts have been computed (they are persisted, so each partition runs once).
 */
public final class EnrichmentUsage implements Serializable {
    private static final long serialVersionUID = 1L;

    private final LongAccumulator calls;
    private final LongAccumulator retries;
    private final LongAccumulator throttles;
    private final LongAccumulator fallbacks;
    private final LongAccumulator cacheHits;
    private final LongAccumulator sent;
    private final LongAccumulator inputTokens;
    private final LongAccumulator outputTokens;
    private final DoubleAccumulator estimatedCostUsd;

    private EnrichmentUsage(SparkContext sc) {
        calls = sc.longAccumulator("ai_calls");
        retries = sc.longAccumulator("ai_retries");
        throttles = sc.longAccumulator("ai_throttles");
        fallbacks = sc.longAccumulator("ai_fallbacks");
        cacheHits = sc.longAccumulator("ai_cache_hits");
        sent = sc.longAccumulator("ai_transcripts_analyzed");
        inputTokens = sc.longAccumulator("ai_input_tokens");
        outputTokens = sc.longAccumulator("ai_output_tokens");
        estimatedCostUsd = sc.doubleAccumulator("ai_estimated_cost_usd");
    }

    /** New accumulators, registered with the context (one set per run). */
    public static EnrichmentUsage register(SparkContext sc) {
        return new EnrichmentUsage(sc);
    }

    void addModelUsage(UsageMeter.Snapshot u) {
        calls.add(u.calls());
        retries.add(u.retries());
        throttles.add(u.throttles());
        inputTokens.add(u.inputTokens());
        outputTokens.add(u.outputTokens());
        estimatedCostUsd.add(u.estimatedCostUsd());
    }

    void addFallbacks(long n) {
        fallbacks.add(n);
    }

    void addCacheHits(long n) {
        cacheHits.add(n);
    }

    void addAnalyzed(long n) {
        sent.add(n);
    }

    /** The totals so far (driver side). */
    public Totals totals() {
        return new Totals(calls.value(), retries.value(), throttles.value(), fallbacks.value(), cacheHits.value(),
                sent.value(), inputTokens.value(), outputTokens.value(), estimatedCostUsd.value());
    }

    /**
     * @param analyzed transcripts handed to the analyzer (cache misses)
     */
    public record Totals(long calls, long retries, long throttles, long fallbacks, long cacheHits, long analyzed,
                         long inputTokens, long outputTokens, double estimatedCostUsd) {
        public static final Totals ZERO = new Totals(0, 0, 0, 0, 0, 0, 0, 0, 0);
    }
}
