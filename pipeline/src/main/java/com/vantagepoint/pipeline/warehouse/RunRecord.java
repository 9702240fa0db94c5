package com.vantagepoint.pipeline.warehouse;

import com.vantagepoint.scoring.catalog.Columns;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;

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
        String errorMessage,
        long filesParsed,
        long filesReused,
        long filesIgnored,
        String inputFingerprint) {

    public static final String STATUS_PUBLISHED = Columns.RUN_PUBLISHED;
    public static final String STATUS_FAILED = "failed";

    /** The same run with another status and error; finished now unless it already has a finish time. */
    public RunRecord withStatus(String newStatus, String error) {
        Instant finished = finishedAt != null ? finishedAt : Instant.now();
        return new RunRecord(runId, asOfDate, newStatus, startedAt, finished, historyWeeks, inputUri, countsJson,
                stageTimingsJson, qualityChecksJson, aiCalls, aiRetries, aiFallbacks, aiCacheHits, aiInputTokens,
                aiOutputTokens, aiEstimatedCostUsd, scoringConfigHash, analyzerVersion, promptVersion, codeVersion, error,
                filesParsed, filesReused, filesIgnored, inputFingerprint);
    }

    /**
     * The row's values in PIPELINE_RUNS column order, for an insert that casts each bind variable to the catalog
     * type: the date and the times as ISO text (times in UTC, without an offset). The alert columns stay null here:
     * the alerts are posted after the publish and recorded by {@link MartPublisher#recordAlerts}.
     */
    Object[] sqlValues() {
        return new Object[]{runId, asOfDate == null ? null : asOfDate.toString(), status, utcText(startedAt),
                utcText(finishedAt), historyWeeks, inputUri, countsJson, stageTimingsJson, qualityChecksJson, aiCalls,
                aiRetries, aiFallbacks, aiCacheHits, aiInputTokens, aiOutputTokens, aiEstimatedCostUsd,
                scoringConfigHash, analyzerVersion, promptVersion, codeVersion, errorMessage, null, null, filesParsed,
                filesReused, filesIgnored, inputFingerprint};
    }

    private static String utcText(Instant i) {
        return i == null ? null : i.atOffset(ZoneOffset.UTC).toLocalDateTime().toString().replace('T', ' ');
    }
}
