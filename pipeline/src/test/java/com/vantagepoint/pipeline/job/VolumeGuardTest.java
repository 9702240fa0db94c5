package com.vantagepoint.pipeline.job;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.pipeline.warehouse.RunRecord;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
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

    @BeforeEach
    void publishLastWeek() throws IOException {
        copyTree(JobFixtures.resource("golden"), input);
        warehouse = new DuckDbWarehouse(warehouseDir, 3, HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring")));
        JobFixtures.run(input, LAST_WEEK, 0, Map.of(), warehouse);
    }

    @Test
    void aSourceThatLostMostOfItsRecordsFailsTheRunUntilTheChangeIsAccepted() throws IOException {
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
    void aChangeWithinTheLimitPublishesAndIsReported() {
        PipelineJob.Result result = JobFixtures.run(input, TODAY, 0, Map.of("quality.max-volume-change", 0.1), warehouse);
        assertEquals(result.runId(), publishedRunId());
        assertTrue(JobFixtures.lastReport().contains("(as of " + LAST_WEEK + "): accounts +0.0 %, opportunities +0.0 %, "
                + "usage_logs +0.0 %, transcripts +0.0 %"), JobFixtures.lastReport());
    }

    @Test
    void aRerunForAnEarlierDateIsNotComparedWithLaterRuns() throws IOException {
        Files.delete(input.resolve("usage_logs/year=2026/month=11/part-0.json"));
        PipelineJob.Result result = JobFixtures.run(input, LAST_WEEK.minusWeeks(1), 0, Map.of(), warehouse);
        assertEquals(RunRecord.STATUS_PUBLISHED, runStatus(result.runId()));
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
