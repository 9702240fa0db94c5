package com.vantagepoint.pipeline.job;

import com.vantagepoint.pipeline.enrich.AnalyzerFactory;
import com.vantagepoint.scoring.analysis.ComplaintCategory;
import com.vantagepoint.scoring.analysis.TranscriptAnalysis;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;

import java.util.List;
import java.util.Locale;

/**
 * Test double of the transcript analyzer with rules simple enough to compute expected marts by hand:
 * sentiment "love" 0.8, "terrible" -0.8, "slow" -0.4, else 0; category "invoice" billing, "slow" performance,
 * "crash" bugs, else general.
 */
public final class KeywordAnalyzer implements TranscriptAnalyzer {
    public static final AnalyzerFactory FACTORY = new Factory();

    @Override
    public String provider() {
        return "local";
    }

    @Override
    public String model() {
        return "keyword-test-1";
    }

    @Override
    public TranscriptAnalysis analyze(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        double sentiment = t.contains("love") ? 0.8 : t.contains("terrible") ? -0.8 : t.contains("slow") ? -0.4 : 0.0;
        ComplaintCategory category = t.contains("invoice") ? ComplaintCategory.BILLING
                : t.contains("slow") ? ComplaintCategory.PERFORMANCE
                : t.contains("crash") ? ComplaintCategory.BUGS : ComplaintCategory.GENERAL;
        return new TranscriptAnalysis(sentiment, category, 0.9, List.of());
    }

    private static final class Factory implements AnalyzerFactory {
        @Override
        public String key() {
            return "keyword-test";
        }

        @Override
        public TranscriptAnalyzer create() {
            return new KeywordAnalyzer();
        }
    }
}
