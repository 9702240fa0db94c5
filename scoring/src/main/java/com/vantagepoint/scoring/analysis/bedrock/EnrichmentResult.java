package com.vantagepoint.scoring.analysis.bedrock;

import com.vantagepoint.scoring.analysis.TranscriptAnalysis;

/**
 * The analysis of one text and how it was obtained.
 *
 * @param analysis the validated result (never out of range)
 * @param status   {@link #OK} (the model's reply as asked), {@link #REPAIRED} (the reply had to be
 *                 fixed: prose around the JSON, a clamped score, a mapped category) or {@link #FALLBACK}
 *                 (the model gave no usable answer; the local analyzer did)
 * @param provider the provider that produced {@code analysis} ({@code bedrock}, or the fallback's)
 * @param model    the model (or local analyzer version) that produced {@code analysis}
 */
public record EnrichmentResult(TranscriptAnalysis analysis, String status, String provider, String model) {
    public static final String OK = "ok";
    public static final String REPAIRED = "repaired";
    public static final String FALLBACK = "fallback";

    public boolean isFallback() {
        return FALLBACK.equals(status);
    }
}
