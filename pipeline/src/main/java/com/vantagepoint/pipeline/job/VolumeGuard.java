package com.vantagepoint.pipeline.job;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.SourceCounts;
import com.vantagepoint.pipeline.warehouse.RunRecord;
import com.vantagepoint.scoring.catalog.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Each source's staged count against the last published run for an earlier as-of date: a half-uploaded day
 * must not silently halve the dashboard ({@code quality.max-volume-change}, overridden for one run by
 * {@code --accept-volume-change}).
 *
 * @param maxChange the largest accepted relative change of a source's staged count, e.g. 0.5 for ±50 %
 * @param accepted  whether this run publishes whatever the change (the change is still reported)
 */
public record VolumeGuard(double maxChange, boolean accepted) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** The staged counts of the run this one is compared with. */
    record Baseline(String runId, LocalDate asOf, Map<String, Long> staged) {
    }

    /** One source's change against the baseline. */
    record Change(SourceName source, long before, long now) {
        double relative() {
            return (now - before) / (double) before;
        }

        @Override
        public String toString() {
            return String.format("%s %d staged, %d before (%+.1f %%)", source.label(), now, before, 100 * relative());
        }
    }

    /** The latest published run with an as-of date before {@code asOf}, from PIPELINE_RUNS (a small table). */
    static Optional<Baseline> baseline(Optional<Dataset<Row>> runs, LocalDate asOf) {
        return runs.flatMap(r -> r
                .where(col(Columns.STATUS).equalTo(lit(RunRecord.STATUS_PUBLISHED))
                        .and(col(Columns.AS_OF_DATE).lt(lit(Date.valueOf(asOf)))))
                .orderBy(col(Columns.AS_OF_DATE).desc(), col("finished_at").desc())
                .select(Columns.RUN_ID, Columns.AS_OF_DATE, "counts_json")
                .limit(1).collectAsList().stream().findFirst()
                .map(row -> new Baseline(row.getString(0), row.getDate(1).toLocalDate(), stagedCounts(row.getString(2)))));
    }

    /** Staged records per source label from a run's {@code counts_json}. */
    private static Map<String, Long> stagedCounts(String countsJson) {
        try {
            Map<String, Long> staged = new java.util.LinkedHashMap<>();
            JsonNode root = JSON.readTree(countsJson == null ? "{}" : countsJson);
            root.fields().forEachRemaining(e -> {
                if (e.getValue().path("staged").isIntegralNumber()) {
                    staged.put(e.getKey(), e.getValue().path("staged").asLong());
                }
            });
            return staged;
        } catch (JsonProcessingException e) {
            return Map.of(); // a run recorded without counts gives nothing to compare with
        }
    }

    /** Every source with staged records in the baseline, with its count now. */
    static List<Change> changes(Baseline baseline, Map<SourceName, SourceCounts> counts) {
        List<Change> changes = new ArrayList<>();
        for (SourceCounts c : counts.values()) {
            Long before = baseline.staged().get(c.source().label());
            if (before != null && before > 0) {
                changes.add(new Change(c.source(), before, c.staged()));
            }
        }
        return changes;
    }

    /** The changes beyond {@link #maxChange}. */
    List<Change> beyondLimit(List<Change> changes) {
        return changes.stream().filter(c -> Math.abs(c.relative()) > maxChange).toList();
    }

    /** Why the run must not publish: a source changed more than the limit (and the user did not accept it). */
    String failure(Baseline baseline, List<Change> beyond) {
        return "staged volume changed by more than quality.max-volume-change " + percent() + " against "
                + baseline.runId() + " (as of " + baseline.asOf() + "): "
                + String.join("; ", beyond.stream().map(Change::toString).toList())
                + " - check the input is complete, or pass --accept-volume-change to publish this run anyway";
    }

    String percent() {
        return String.format("%.0f %%", 100 * maxChange);
    }
}
