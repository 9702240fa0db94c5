package com.vantagepoint.pipeline.enrich;

import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One analyzer per executor JVM and configuration, created lazily on first use (the driver shares it in local mode). */
public final class AnalyzerHolder {
    private static final Map<String, TranscriptAnalyzer> ANALYZERS = new ConcurrentHashMap<>();

    private AnalyzerHolder() {
    }

    public static TranscriptAnalyzer get(AnalyzerFactory factory) {
        return ANALYZERS.computeIfAbsent(factory.key(), key -> factory.create());
    }
}
