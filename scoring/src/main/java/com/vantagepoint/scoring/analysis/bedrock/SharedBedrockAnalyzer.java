package com.vantagepoint.scoring.analysis.bedrock;

import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;

import java.util.HashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One {@link BedrockAnalyzer} per JVM and settings: a Spark executor builds it on first use and every
 * partition (task) it runs reuses it, so the client, the rate budget, the concurrency bound and the
 * circuit breaker are shared by all tasks of the executor.
 */
public final class SharedBedrockAnalyzer {
    private static final Map<BedrockSettings, BedrockAnalyzer> ANALYZERS = new HashMap<>();

    private SharedBedrockAnalyzer() {
    }

    /** The JVM's analyzer for these settings, built with the default credentials on first use. */
    public static synchronized BedrockAnalyzer get(BedrockSettings settings, Supplier<? extends TranscriptAnalyzer> fallback) {
        return ANALYZERS.computeIfAbsent(settings, s -> BedrockAnalyzer.builder(s, fallback.get()).build());
    }

    /** Closes and forgets every shared analyzer (end of a local run, tests). */
    public static synchronized void closeAll() {
        ANALYZERS.values().forEach(BedrockAnalyzer::close);
        ANALYZERS.clear();
    }
}
