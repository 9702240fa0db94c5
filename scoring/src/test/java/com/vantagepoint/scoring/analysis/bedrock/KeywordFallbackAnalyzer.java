package com.vantagepoint.scoring.analysis.bedrock;

import com.vantagepoint.scoring.analysis.ComplaintCategory;
import com.vantagepoint.scoring.analysis.TranscriptAnalysis;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;

import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicInteger;

/** A trivial stand-in for the local analyzer in tests: fixed-keyword sentiment, category always general. */
public final class KeywordFallbackAnalyzer implements TranscriptAnalyzer {
    public static final String PROVIDER = "local";
    public static final String MODEL = "test-fallback-1";
    private final AtomicInteger analyzed = new AtomicInteger();

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public String model() {
        return MODEL;
    }

    @Override
    public TranscriptAnalysis analyze(String text) {
        analyzed.incrementAndGet();
        String t = text.toLowerCase(Locale.ROOT);
        double s = t.contains("great") ? 0.5 : t.contains("terrible") ? -0.5 : 0.0;
        return new TranscriptAnalysis(s, ComplaintCategory.GENERAL, 0.3, List.of());
    }

    public int analyzedCount() {
        return analyzed.get();
    }
}
