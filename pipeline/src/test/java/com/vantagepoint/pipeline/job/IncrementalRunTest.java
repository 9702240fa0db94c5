package com.vantagepoint.pipeline.job;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.source.HadoopPathSource;
import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.StagedLayer;
import com.vantagepoint.pipeline.staging.UsageStaging;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.pipeline.warehouse.WarehouseReader;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Nightly incremental runs on the golden raw layer (6 files) with the real DuckDB warehouse: a run parses only the
 * files that are new or changed, reads the rest from the staged layer, and publishes what a full run would.
 */
class IncrementalRunTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");
    private static final HealthModel MODEL = HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring"));
    private static final String NEW_DAY = "usage_logs/year=2026/month=11/part-1.json";
    /** A new session, and a later copy of S1 (in part-0) that supersedes it. */
    private static final String NEW_DAY_LINES = """
            {"session_id":"S90","account_id":"ACC-0001","user_id":"U9","feature_used":"Reports","session_duration_seconds":900,"timestamp":"2026-11-24T08:00:00Z"}
            {"session_id":"S1","account_id":"ACC-0001","user_id":"U1","feature_used":"Dashboard","session_duration_seconds":60,"timestamp":"2026-11-23T10:00:00Z"}
            """;

    private static final Map<String, Object> INCREMENTAL = Map.of("staged-layer.enabled", true);

    @TempDir
    Path tmp;

    @Test
    void anUnchangedRerunParsesNothingPublishesTheSameAndCanBeSkipped() throws IOException {
        Path input = golden();
        DuckDbWarehouse warehouse = warehouse("w");
        PipelineJob.Result first = run(input, warehouse, Map.of());
        assertEquals(new PipelineJob.FileCounts(6, 0, 0), first.files());
        List<String> scoresBefore = scores(warehouse);
        long rejectsBefore = count(warehouse, Tables.REJECTED_RECORDS);

        PipelineJob.Result second = run(input, warehouse, Map.of());
        assertEquals(new PipelineJob.FileCounts(0, 6, 0), second.files());
        assertTrue(JobFixtures.lastReport().contains("files: 0 parsed, 6 reused, 0 ignored"), JobFixtures.lastReport());
        assertTrue(JobFixtures.lastReport().contains("input unchanged since " + first.runId()), JobFixtures.lastReport());
        assertEquals(first.counts(), second.counts());
        assertEquals(scoresBefore, scores(warehouse));
        assertEquals(rejectsBefore, count(warehouse, Tables.REJECTED_RECORDS), "a reused reject is not recorded again");
        assertEquals(List.of("6|0|0", "0|6|0"), query(warehouse, "SELECT files_parsed, files_reused, files_ignored FROM "
                + Tables.PIPELINE_RUNS + " ORDER BY started_at"));

        PipelineJob.Result skipped = run(input, warehouse, Map.of("run.skip-unchanged", true));
        assertEquals(java.util.Optional.of(second.runId()), skipped.unchangedSince());
        assertEquals(2, count(warehouse, Tables.PIPELINE_RUNS), "a skipped run publishes and records nothing");
    }

    @Test
    void aNewDayIsParsedAloneItsDuplicateSupersedesTheOlderCopyAndARewriteIsParsedAgain() throws IOException {
        Path input = golden();
        DuckDbWarehouse warehouse = warehouse("w");
        PipelineJob.Result first = run(input, warehouse, Map.of());

        Files.writeString(input.resolve(NEW_DAY), NEW_DAY_LINES);
        PipelineJob.Result second = run(input, warehouse, Map.of());
        assertEquals(new PipelineJob.FileCounts(1, 6, 0), second.files(), "only the new day's file is parsed");
        var usageBefore = first.counts().get(SourceName.USAGE_LOGS);
        var usage = second.counts().get(SourceName.USAGE_LOGS);
        assertEquals(usageBefore.read() + 2, usage.read());
        assertEquals(usageBefore.staged() + 1, usage.staged(), "S90 is new; S1's later copy replaces the older one");
        assertEquals(usageBefore.rejectedByReason().getOrDefault("duplicate", 0L) + 1,
                usage.rejectedByReason().get("duplicate"));
        assertEquals(List.of("usage_logs|duplicate|superseded by a later copy of session_id S1"), query(warehouse,
                "SELECT source, reason_code, detail FROM " + Tables.REJECTED_RECORDS
                + " WHERE run_id = '" + second.runId() + "'"), "the second run records only the superseded copy");
        assertRejectsAddUp(warehouse, second);

        // Rewritten in place under the same name: only S90 is left, so S1's newer copy is gone again.
        Path rewritten = input.resolve(NEW_DAY);
        Files.writeString(rewritten, NEW_DAY_LINES.lines().findFirst().orElseThrow() + "\n");
        Files.setLastModifiedTime(rewritten, FileTime.fromMillis(Files.getLastModifiedTime(rewritten).toMillis() + 2000));
        PipelineJob.Result third = run(input, warehouse, Map.of());
        assertEquals(new PipelineJob.FileCounts(1, 6, 0), third.files(), "the rewritten file is parsed again");
        assertEquals(usageBefore.read() + 1, third.counts().get(SourceName.USAGE_LOGS).read());
        assertEquals(usageBefore.staged() + 1, third.counts().get(SourceName.USAGE_LOGS).staged());

        DuckDbWarehouse full = warehouse("full");
        JobFixtures.run(input, AS_OF, 0, Map.of(), full);
        assertEquals(scores(full), scores(warehouse), "the incremental marts are the full run's");
    }

    @Test
    void aRunKilledAfterWritingStagedDataButBeforeItsCommitIsRecoveredWithoutDoubleCounting() throws IOException {
        Path input = golden();
        DuckDbWarehouse warehouse = warehouse("w");
        PipelineJob.Result first = run(input, warehouse, Map.of());
        Files.writeString(input.resolve(NEW_DAY), NEW_DAY_LINES);

        // The killed run: the new file's records are written to the usage table, then its commit is lost.
        PipelineSettings settings = PipelineSettings.from(JobFixtures.config(Map.of("input", input.toString(),
                "staged-layer.enabled", true)));
        StagedLayer layer = settings.stagedLayer().orElseThrow();
        HadoopPathSource source = new HadoopPathSource(input.toString());
        UsageStaging usage = new UsageStaging(settings.ranges());
        layer.update(SharedSpark.spark(), source, SourceName.USAGE_LOGS,
                source.list(SharedSpark.spark(), SourceName.USAGE_LOGS).files(), usage.checks(), UsageStaging.RAW_SCHEMA)
                .checked().count();
        Path log = input.resolve("_staged/usage_logs/_delta_log");
        Path lastCommit;
        try (Stream<Path> commits = Files.list(log)) {
            lastCommit = commits.filter(p -> p.getFileName().toString().endsWith(".json"))
                    .max(Comparator.comparing(Path::toString)).orElseThrow();
        }
        Files.delete(lastCommit);
        Files.deleteIfExists(log.resolve(lastCommit.getFileName().toString().replace(".json", ".crc")));

        PipelineJob.Result recovered = run(input, warehouse, Map.of());
        assertEquals(new PipelineJob.FileCounts(1, 6, 0), recovered.files(), "the uncommitted file is parsed again");
        assertEquals(first.counts().get(SourceName.USAGE_LOGS).read() + 2,
                recovered.counts().get(SourceName.USAGE_LOGS).read(), "no record is counted twice");
        assertRejectsAddUp(warehouse, recovered);
    }

    /** Every source: the rejects recorded over all runs are the latest run's rejected count, each once. */
    private static void assertRejectsAddUp(DuckDbWarehouse warehouse, PipelineJob.Result latest) {
        for (SourceName source : SourceName.values()) {
            assertEquals(String.valueOf(latest.counts().get(source).rejected()), query(warehouse, "SELECT count(*) FROM "
                    + Tables.REJECTED_RECORDS + " WHERE source = '" + source.label() + "'").get(0), source.label());
        }
    }

    private Path golden() throws IOException {
        Path from = JobFixtures.resource("golden");
        Path to = tmp.resolve("raw");
        try (Stream<Path> files = Files.walk(from)) {
            for (Path p : files.filter(Files::isRegularFile).filter(p -> !from.relativize(p).startsWith("_staged")).toList()) {
                Path target = to.resolve(from.relativize(p).toString());
                Files.createDirectories(target.getParent());
                Files.copy(p, target);
            }
        }
        return to;
    }

    private DuckDbWarehouse warehouse(String name) {
        return new DuckDbWarehouse(tmp.resolve(name), 2, MODEL);
    }

    /** A run with the staged layer on (off by default locally), unless the overrides say otherwise. */
    private static PipelineJob.Result run(Path input, DuckDbWarehouse warehouse, Map<String, ?> overrides) {
        Map<String, Object> withLayer = new java.util.HashMap<>(INCREMENTAL);
        withLayer.putAll(overrides);
        return JobFixtures.run(input, AS_OF, 0, withLayer, warehouse);
    }

    private static List<String> scores(DuckDbWarehouse warehouse) {
        String columns = MartCatalog.table(Tables.ACCOUNT_HEALTH_SCORE).columnNames().stream()
                .filter(c -> !c.equals(Columns.RUN_ID)).collect(Collectors.joining(", "));
        return query(warehouse, "SELECT " + columns + " FROM " + Tables.ACCOUNT_HEALTH_SCORE + " ORDER BY ALL");
    }

    private static long count(DuckDbWarehouse warehouse, String table) {
        return Long.parseLong(query(warehouse, "SELECT count(*) FROM " + table).get(0));
    }

    private static List<String> query(DuckDbWarehouse warehouse, String sql) {
        return JobFixtures.rows(warehouse, sql);
    }
}
