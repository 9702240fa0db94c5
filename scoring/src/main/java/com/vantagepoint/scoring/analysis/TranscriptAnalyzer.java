package com.vantagepoint.scoring.analysis;

import com.vantagepoint.scoring.analysis.bedrock.EnrichmentResult;
import com.vantagepoint.scoring.analysis.bedrock.UsageMeter;

import java.util.ArrayList;
import java.util.List;

/** A provider of per-transcript sentiment and complaint category. Implementations are thread-safe. */
public interface TranscriptAnalyzer {

    /** Provider name stored with every result: {@code local} or {@code bedrock}. */
    String provider();

    /** Model identifier stored with every result; for {@code local}, the analyzer's version. */
    String model();

    TranscriptAnalysis analyze(String text);

    /** Analyzes several texts; the result list is in the same order as the input. */
    default List<TranscriptAnalysis> analyzeAll(List<String> texts) {
        List<TranscriptAnalysis> results = new ArrayList<>(texts.size());
        for (String text : texts) {
            results.add(analyze(text));
        }
        return results;
    }

    /**
     * How many texts a caller should hand to {@link #enrichAll} at once: what keeps the provider's own batching and
     * parallel calls busy. A caller holds that many texts in memory; 1 when the provider gains nothing from more.
     */
    default int preferredBatchSize() {
        return 1;
    }

    /**
     * Analyzes several texts and says how each result was obtained (status, and the provider and model that produced
     * it: a provider that falls back names its fallback) and the model usage of this call alone. By default every
     * result is {@code ok} under this provider and model, at no model usage.
     */
    default Enriched enrichAll(List<String> texts) {
        List<EnrichmentResult> results = new ArrayList<>(texts.size());
        for (TranscriptAnalysis analysis : analyzeAll(texts)) {
            results.add(new EnrichmentResult(analysis, EnrichmentResult.OK, provider(), model()));
        }
        return new Enriched(results, UsageMeter.Snapshot.ZERO);
    }

    /** Results in input order and the model usage they cost. */
    record Enriched(List<EnrichmentResult> results, UsageMeter.Snapshot usage) {
    }
}
