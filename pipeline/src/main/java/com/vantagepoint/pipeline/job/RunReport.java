package com.vantagepoint.pipeline.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vantagepoint.pipeline.alerts.Alert;
import com.vantagepoint.pipeline.enrich.CacheKey;
import com.vantagepoint.pipeline.enrich.EnrichmentUsage;
import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.QualityChecks;
import com.vantagepoint.pipeline.staging.SourceCounts;

import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.RiskTier;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The run report on stdout and its JSON forms for PIPELINE_RUNS. */
final class RunReport {
    private static final ObjectMapper JSON = new ObjectMapper();

    private RunReport() {
    }

    /** The enrichment line: transcripts, cache hits, what went to the provider, and the model usage. */
    static void printEnrichment(PrintStream out, long transcripts, CacheKey key, PipelineSettings settings,
                                EnrichmentUsage.Totals ai) {
        out.printf("[run] enriched %d transcripts with %s/%s: %d from the cache%s, %d analyzed, %d fallback%n",
                transcripts, key.provider(), key.model(), ai.cacheHits(),
                settings.reenrich() ? " (--reenrich: cache ignored)" : "", ai.analyzed(), ai.fallbacks());
        if (ai.calls() > 0 || settings.provider() == Provider.BEDROCK) {
            out.printf("[run] model usage: %d calls, %d retries, %d throttled, %d input + %d output tokens, "
                            + "estimated cost $%.6f%n", ai.calls(), ai.retries(), ai.throttles(), ai.inputTokens(),
                    ai.outputTokens(), ai.estimatedCostUsd());
        }
    }

    static String countsJson(Map<SourceName, SourceCounts> counts) {
        Map<String, Object> json = new LinkedHashMap<>();
        for (SourceCounts c : counts.values()) {
            Map<String, Object> source = new LinkedHashMap<>();
            source.put("read", c.read());
            source.put("staged", c.staged());
            source.put("rejected", c.rejected());
            source.put("rejected_by_reason", c.rejectedByReason());
            source.put("outside_window", c.outsideWindow());
            source.put("reject_share_excluding_duplicates", c.rejectShare());
            json.put(c.source().label(), source);
        }
        return write(json);
    }

    static String timingsJson(Map<String, Long> millis) {
        Map<String, Object> json = new LinkedHashMap<>();
        millis.forEach((stage, ms) -> json.put(stage + "_ms", ms));
        return write(json);
    }

    static String checksJson(List<QualityChecks.Result> checks) {
        List<Map<String, Object>> json = new ArrayList<>();
        for (QualityChecks.Result r : checks) {
            Map<String, Object> check = new LinkedHashMap<>();
            check.put("check", r.checkName());
            check.put("table", r.tableName());
            check.put("column", r.columnName());
            check.put("status", r.status());
            check.put("failing_rows", r.failingRows());
            check.put("detail", r.detail());
            json.add(check);
        }
        return write(json);
    }

    private static String write(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void printCounts(PrintStream out, Map<SourceName, SourceCounts> counts) {
        out.printf("%-14s %9s %9s %9s %9s  %s%n", "source", "read", "staged", "rejected", "after-as-of",
                "rejected by reason");
        for (SourceCounts c : counts.values()) {
            String reasons = c.rejectedByReason().entrySet().stream()
                    .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
            out.printf("%-14s %9d %9d %9d %9d  %s%n", c.source().label(), c.read(), c.staged(), c.rejected(),
                    c.outsideWindow(), reasons.isEmpty() ? "-" : reasons);
        }
    }

    /** The run's raw files: parsed now, read from the staged layer instead, and not raw data. */
    static void printFiles(PrintStream out, PipelineJob.FileCounts files) {
        out.printf("files: %d parsed, %d reused, %d ignored%n", files.parsed(), files.reused(), files.ignored());
    }

    /** Every file not read (hidden or another extension) with the reason; nothing when there is none. */
    static void printIgnoredFiles(PrintStream out, List<String> ignored) {
        if (ignored.isEmpty()) {
            return;
        }
        out.printf("ignored %d file(s), not counted as read:%n", ignored.size());
        ignored.forEach(f -> out.println("  " + f));
    }

    static void printChecks(PrintStream out, List<QualityChecks.Result> checks) {
        Map<String, Long> byStatus = checks.stream()
                .collect(Collectors.groupingBy(QualityChecks.Result::status, LinkedHashMap::new, Collectors.counting()));
        out.printf("quality checks: %d pass, %d warn, %d fail%n", byStatus.getOrDefault(QualityChecks.PASS, 0L),
                byStatus.getOrDefault(QualityChecks.WARN, 0L), byStatus.getOrDefault(QualityChecks.FAIL, 0L));
        for (QualityChecks.Result r : checks) {
            if (!r.status().equals(QualityChecks.PASS)) {
                out.printf("  %s %s %s.%s: %d rows (%s)%n", r.status(), r.checkName(), r.tableName(), r.columnName(),
                        r.failingRows(), r.detail());
            }
        }
    }

    static void printTiers(PrintStream out, LocalDate asOf, Map<String, Long> tiers) {
        long total = tiers.values().stream().mapToLong(Long::longValue).sum();
        out.printf("tiers as of %s (%d accounts): %s%n", asOf, total, tiers.entrySet().stream()
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", ")));
    }

    static void printTimings(PrintStream out, Map<String, Long> millis) {
        out.println("timings: " + millis.entrySet().stream()
                .map(e -> String.format("%s %.1f s", e.getKey(), e.getValue() / 1000.0))
                .collect(Collectors.joining(", ")));
    }

    /** The run's alerts, one line per account, and what became of the webhook post. */
    static void printAlerts(PrintStream out, List<Alert> alerts, double minDrop, String delivery) {
        out.printf("alerts: %d account%s entered the %s tier or dropped more than %s points in a week (webhook: %s)%n",
                alerts.size(), alerts.size() == 1 ? "" : "s", RiskTier.CRITICAL.phrase(), HealthModel.plain(minDrop), delivery);
        alerts.forEach(a -> out.println("  " + a.line()));
    }
}
