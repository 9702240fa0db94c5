package com.vantagepoint.pipeline.warehouse;

import com.typesafe.config.Config;
import com.vantagepoint.pipeline.storage.StorageErrors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The staging area of the {@code copy} load on a cluster: an existing Snowflake external stage ({@code stage}) and
 * the place its URL names, as Spark writes it ({@code stage-location}, e.g. {@code s3a://bucket/prefix} for a stage
 * on {@code s3://bucket/prefix}). Each run writes under {@code <location>/<run id>/<table>/}, loads with
 * {@code COPY INTO ... FROM @stage/<run id>/<table>/ FILES = (...)} and deletes its folder afterwards.
 */
record ExternalStage(String stage, String location) {

    /** From {@code vantagepoint.snowflake}: empty when neither key is set (then PUT to a temporary internal stage). */
    static Optional<ExternalStage> fromConfig(Config sf) {
        String stage = sf.getString("stage").trim();
        String location = sf.getString("stage-location").trim();
        if (stage.isEmpty() != location.isEmpty()) {
            throw new IllegalArgumentException("vantagepoint.snowflake.stage and stage-location go together: the external "
                    + "stage's name and the URI Spark writes to, the place the stage's URL names");
        }
        if (stage.isEmpty()) {
            return Optional.empty();
        }
        if (!stage.matches("[A-Za-z_][A-Za-z0-9_$.]*")) {
            throw new IllegalArgumentException("vantagepoint.snowflake.stage must be a stage name ([db.schema.]name), got " + stage);
        }
        return Optional.of(new ExternalStage(stage, location.replaceAll("/+$", "")));
    }

    /** Where Spark writes one table of a run. */
    String tableUri(String runId, String table) {
        return runUri(runId) + "/" + table;
    }

    private String runUri(String runId) {
        return location + "/" + runId;
    }

    /** The COPY source of that table: the stage reference and the Parquet files Spark wrote there (not _SUCCESS, not .crc). */
    String copySource(SparkSession spark, String runId, String table) {
        List<String> files = new ArrayList<>();
        String dir = tableUri(runId, table);
        try {
            FileSystem fs = FileSystem.get(URI.create(dir), spark.sparkContext().hadoopConfiguration());
            for (FileStatus f : fs.listStatus(new Path(dir))) {
                if (f.isFile() && f.getPath().getName().endsWith(".parquet")) {
                    files.add("'" + f.getPath().getName() + "'");
                }
            }
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.failure(dir, e);
        }
        // FILES rather than PATTERN: exact, and the form fakesnow also understands
        return "@" + stage + "/" + runId + "/" + table + "/ FILES = (" + String.join(", ", files) + ")";
    }

    /** Deletes the run's folder; a failure only leaves files behind, so it is reported, not raised. */
    void deleteRun(SparkSession spark, String runId, org.slf4j.Logger log) {
        String dir = runUri(runId);
        try {
            FileSystem.get(URI.create(dir), spark.sparkContext().hadoopConfiguration()).delete(new Path(dir), true);
        } catch (IOException | RuntimeException e) {
            log.warn("could not delete the staged files of run {} at {}: {}", runId, dir, WarehouseReader.firstLine(e));
        }
    }
}
