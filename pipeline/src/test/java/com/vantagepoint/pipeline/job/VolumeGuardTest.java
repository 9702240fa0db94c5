package com.vantagepoint.pipeline.job;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.pipeline.warehouse.RunRecord;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.SourceCounts;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import static org.apache.spark.sql.functions.col;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A half-uploaded day must not silently halve the dashboard: the staged volume against the last earlier run. */
class VolumeGuardTest {
    private static final LocalDate LAST_WEEK = LocalDate.parse("2026-11-18");
    private static final LocalDate TODAY = LocalDate.parse("2026-11-25");

    @TempDir
    Path input;
    @TempDir
    Path warehouseDir;
    private DuckDbWarehouse warehouse;

    @Test
    void aSourceThatLostMostOfItsRecordsFailsTheRunUntilTheChangeIsAccepted() throws IOException {
        copyTree(JobFixtures.resource("golden"), input);
        warehouse = new DuckDbWarehouse(warehouseDir, 3, HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring")));
        JobFixtures.run(input, LAST_WEEK, 0, Map.of(), warehouse);
        String before = publishedRunId();
        Files.delete(input.resolve("usage_logs/year=2026/month=11/part-0.json")); // 5 of the 7 usage events
        RunFailedException failure = assertThrows(RunFailedException.class,
                () -> JobFixtures.run(input, TODAY, 0, Map.of(), warehouse));
        assertTrue(failure.getMessage().contains("usage_logs 2 staged, 7 before (-71.4 %)"), failure.getMessage());
        assertTrue(failure.getMessage().contains("quality.max-volume-change 50 % against " + before + " (as of " + LAST_WEEK + ")"),
                failure.getMessage());
        assertTrue(failure.getMessage().contains("--accept-volume-change"), failure.getMessage());
        assertEquals(before, publishedRunId(), "nothing published");
        assertEquals(RunRecord.STATUS_FAILED, runStatus(failure.runId()));

        PipelineJob.Result accepted = JobFixtures.run(input, TODAY, 0, Map.of("quality.accept-volume-change", true), warehouse);
        assertEquals(accepted.runId(), publishedRunId());
        assertTrue(JobFixtures.lastReport().contains("warning: usage_logs changed by more than 50 %; published anyway"),
                JobFixtures.lastReport());
    }

    @Test
    void theBaselineIsTheLatestPublishedRunForAnEarlierDate() {
        Dataset<Row> runs = runs(
                run("run-a", "2026-11-04", RunRecord.STATUS_PUBLISHED, "2026-11-04T06:00:00Z", 100),
                run("run-b", "2026-11-11", RunRecord.STATUS_PUBLISHED, "2026-11-11T06:00:00Z", 200),
                run("run-c", "2026-11-11", RunRecord.STATUS_PUBLISHED, "2026-11-11T07:00:00Z", 210), // a rerun of 11-11
                run("run-d", "2026-11-18", RunRecord.STATUS_FAILED, "2026-11-18T06:00:00Z", 20),
                run("run-e", "2026-11-25", RunRecord.STATUS_PUBLISHED, "2026-11-25T06:00:00Z", 300));
        VolumeGuard.Baseline b = VolumeGuard.baseline(Optional.of(runs), LocalDate.parse("2026-11-18")).orElseThrow();
        assertEquals("run-c", b.runId(), "failed runs and later or equal dates are not compared with");
        assertEquals(Map.of("usage_logs", 210L), b.staged());
        assertEquals("run-a", VolumeGuard.baseline(Optional.of(runs), LocalDate.parse("2026-11-11")).orElseThrow().runId());
        assertTrue(VolumeGuard.baseline(Optional.of(runs), LocalDate.parse("2026-11-04")).isEmpty(), "nothing earlier");
        assertTrue(VolumeGuard.baseline(Optional.empty(), LocalDate.parse("2026-11-04")).isEmpty(), "nothing published");
    }

    @Test
    void changesUpToTheLimitPassAndBeyondItInEitherDirectionFail() {
        VolumeGuard guard = new VolumeGuard(0.5, false);
        VolumeGuard.Baseline before = new VolumeGuard.Baseline("run-a", LAST_WEEK, Map.of("usage_logs", 100L, "transcripts", 0L));
        assertEquals(List.of(), guard.beyondLimit(VolumeGuard.changes(before, counts(50, 7))), "-50 % is within");
        assertEquals(List.of(), guard.beyondLimit(VolumeGuard.changes(before, counts(150, 7))), "+50 % is within");
        List<VolumeGuard.Change> beyond = guard.beyondLimit(VolumeGuard.changes(before, counts(151, 7)));
        assertEquals(1, beyond.size());
        assertEquals("usage_logs 151 staged, 100 before (+51.0 %)", beyond.get(0).toString());
        assertEquals(1, guard.beyondLimit(VolumeGuard.changes(before, counts(0, 7))).size(), "an emptied source fails");
        assertEquals(1, VolumeGuard.changes(before, counts(0, 7)).size(), "a source empty before has no ratio");
    }

    private static Map<SourceName, SourceCounts> counts(long usage, long transcripts) {
        Map<SourceName, SourceCounts> counts = new EnumMap<>(SourceName.class);
        counts.put(SourceName.USAGE_LOGS, new SourceCounts(SourceName.USAGE_LOGS, usage, usage, Map.of(), 0));
        counts.put(SourceName.TRANSCRIPTS, new SourceCounts(SourceName.TRANSCRIPTS, transcripts, transcripts, Map.of(), 0));
        return counts;
    }

    private static Row run(String id, String asOf, String status, String finishedAt, long usageStaged) {
        return RowFactory.create(id, java.sql.Date.valueOf(asOf), status, java.sql.Timestamp.from(Instant.parse(finishedAt)),
                "{\"usage_logs\":{\"read\":" + usageStaged + ",\"staged\":" + usageStaged + "}}");
    }

    private static Dataset<Row> runs(Row... rows) {
        StructType schema = new StructType().add(Columns.RUN_ID, DataTypes.StringType).add(Columns.AS_OF_DATE, DataTypes.DateType)
                .add(Columns.STATUS, DataTypes.StringType).add("finished_at", DataTypes.TimestampType)
                .add("counts_json", DataTypes.StringType);
        return SharedSpark.spark().createDataFrame(List.of(rows), schema);
    }

    private String publishedRunId() {
        return warehouse.readPublished(SharedSpark.spark(), Tables.PIPELINE_RUNS).orElseThrow()
                .where(Columns.STATUS + " = 'published'").orderBy(col("finished_at").desc())
                .first().getAs(Columns.RUN_ID);
    }

    private String runStatus(String runId) {
        List<Row> rows = warehouse.readPublished(SharedSpark.spark(), Tables.PIPELINE_RUNS)
                .orElseThrow().where(col(Columns.RUN_ID).equalTo(runId)).collectAsList();
        assertEquals(1, rows.size(), "one PIPELINE_RUNS row for " + runId);
        return rows.get(0).getAs(Columns.STATUS);
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> files = Files.walk(from)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = to.resolve(from.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }
}
