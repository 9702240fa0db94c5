package com.vantagepoint.pipeline.job;

import com.vantagepoint.pipeline.storage.S3aSettings;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

import java.util.List;

/**
 * The job's SparkSession. Under {@code spark-submit} the master and resources come from the submit (it sets
 * {@code spark.master}); launched directly, the session runs on {@code run.spark-master} (default
 * {@code local[2]}) with the UI off. The session time zone is always UTC: a timestamp without an offset is UTC,
 * and as-of days are UTC days.
 */
public final class SparkSessions {
    private static final String EXTENSIONS = "spark.sql.extensions";
    private static final String DELTA_EXTENSION = "io.delta.sql.DeltaSparkSessionExtension";
    private static final String SESSION_CATALOG = "spark.sql.catalog.spark_catalog";
    private static final String DELTA_CATALOG = "org.apache.spark.sql.delta.catalog.DeltaCatalog";

    private static final String DELTA_SNAPSHOT_PARTITIONS = "spark.databricks.delta.snapshotPartitions";
    private static final String DELTA_STATS = "spark.databricks.delta.stats.collect";

    private static final List<String> PARQUET_REBASE_MODES = List.of(
            "spark.sql.parquet.datetimeRebaseModeInWrite", "spark.sql.parquet.datetimeRebaseModeInRead",
            "spark.sql.parquet.int96RebaseModeInWrite", "spark.sql.parquet.int96RebaseModeInRead");

    private SparkSessions() {
    }

    /**
     * The staged layer's Delta tables need Delta's session extension and catalog. Extensions given to
     * spark-submit are kept, with Delta's added; a catalog given there wins (it must be Delta's or delegate to it).
     */
    private static void deltaLake(SparkSession.Builder builder, SparkConf submitted, int partitions) {
        String extensions = submitted.get(EXTENSIONS, "");
        if (!extensions.contains(DELTA_EXTENSION)) {
            builder.config(EXTENSIONS, extensions.isBlank() ? DELTA_EXTENSION : extensions + "," + DELTA_EXTENSION);
        }
        if (!submitted.contains(SESSION_CATALOG)) {
            builder.config(SESSION_CATALOG, DELTA_CATALOG);
        }
        // Delta rebuilds a table's state from its log in 50 partitions by default: most of a small run's time.
        if (!submitted.contains(DELTA_SNAPSHOT_PARTITIONS)) {
            builder.config(DELTA_SNAPSHOT_PARTITIONS, partitions);
        }
        // Column statistics serve data skipping; the staged layer is always read whole.
        if (!submitted.contains(DELTA_STATS)) {
            builder.config(DELTA_STATS, false);
        }
    }

    public static SparkSession getOrCreate(PipelineSettings settings, String appName) {
        SparkConf submitted = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName(appName)
                .config("spark.sql.session.timeZone", "UTC");
        if (!submitted.contains("spark.master")) {
            builder.master(settings.sparkMaster())
                    .config("spark.ui.enabled", "false");
        }
        if (!submitted.contains("spark.sql.shuffle.partitions")) {
            builder.config("spark.sql.shuffle.partitions", settings.shufflePartitions());
        }
        if (!submitted.contains("spark.sql.adaptive.enabled")) {
            builder.config("spark.sql.adaptive.enabled", settings.adaptiveExecution());
        }
        if (!submitted.contains("spark.sql.inMemoryColumnarStorage.compressed")) {
            // Staged sources are cached once and read a few times: gathering compression statistics cost more
            // (about a quarter of caching 7.5 M usage rows) than the memory it saves.
            builder.config("spark.sql.inMemoryColumnarStorage.compressed", "false");
        }
        deltaLake(builder, submitted, settings.shufflePartitions());
        // Dates and timestamps are proleptic Gregorian throughout; a rejected record's year-1500 date is staged
        // as it was read instead of failing the staged layer's Parquet write (Spark's default for pre-1582 values).
        for (String rebase : PARQUET_REBASE_MODES) {
            if (!submitted.contains(rebase)) {
                builder.config(rebase, "CORRECTED");
            }
        }
        // s3a settings from vantagepoint.s3; a spark.hadoop.* key given to spark-submit wins.
        S3aSettings.from(settings.config()).forEach((key, value) -> {
            if (!submitted.contains("spark.hadoop." + key)) {
                builder.config("spark.hadoop." + key, value);
            }
        });
        SparkSession spark = builder.getOrCreate();
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        return spark;
    }
}
