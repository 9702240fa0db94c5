package com.vantagepoint.scoring.analysis;

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
}
