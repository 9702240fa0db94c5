package com.vantagepoint.pipeline.warehouse;

import java.time.Instant;
import java.time.LocalDate;

/** One PIPELINE_RUNS row: what ran, how it ended, what it counted and cost, and its provenance. */
public record RunRecord(
        String runId,
        LocalDate asOfDate,
        String status,
        Instant startedAt,
        Instant finishedAt,
        int historyWeeks,
        String inputUri,
        String countsJson,
        String stageTimingsJson,
        String qualityChecksJson,
        long aiCalls,
        long aiRetries,
        long aiFallbacks,
        long aiCacheHits,
        long aiInputTokens,
        long aiOutputTokens,
        double aiEstimatedCostUsd,
        String scoringConfigHash,
        String analyzerVersion,
        String promptVersion,
        String codeVersion,
        String errorMessage) {

    public static final String STATUS_PUBLISHED = "published";
    public static final String STATUS_FAILED = "failed";
}
