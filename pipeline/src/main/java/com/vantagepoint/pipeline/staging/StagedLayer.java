package com.vantagepoint.pipeline.staging;

import com.vantagepoint.pipeline.source.HadoopPathSource;
import com.vantagepoint.pipeline.source.RawFile;
import com.vantagepoint.pipeline.source.RawSource;
import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.storage.StorageErrors;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.DataFrameWriter;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.unix_millis;

/**
 * The staged layer of incremental runs: per source, a Delta table of the records as the record-level checks
 * tagged them, each with the raw file it came from (path, size, modification time) and the version of the rules
 * that tagged it. A run lists the source's files and parses only those the table does not hold as they are now
 * (new, rewritten in place, or tagged under other rules); it replaces the rows of those files and of deleted
 * ones in one Delta commit and reads everything else from the table. Nothing counts as parsed before that commit:
 * a run killed earlier leaves the table as it was (Delta ignores data files no commit names), and the next run
 * parses the same files again. The rules across records (duplicates, relationships) run on the whole table on
 * every run, so their outcome never depends on which files were new.
 */
public final class StagedLayer {
    /** The layer's own columns; the rest are the columns of {@link RecordChecks#apply}. */
    static final String SOURCE_FILE = "_source_file";
    static final String FILE_SIZE = "_file_size";
    static final String FILE_MODIFIED_MS = "_file_modified_ms";
    static final String RULES_VERSION = "_rules_version";
    private static final List<String> LAYER_COLUMNS = List.of(SOURCE_FILE, FILE_SIZE, FILE_MODIFIED_MS, RULES_VERSION);

    private final String location;
    private final boolean fullRefresh;

    /**
     * @param location    the folder holding one Delta table per source (local or s3a)
     * @param fullRefresh parse every file again and rewrite the tables
     */
    public StagedLayer(String location, boolean fullRefresh) {
        this.location = location.endsWith("/") ? location.substring(0, location.length() - 1) : location;
        this.fullRefresh = fullRefresh;
    }

    /** A source's records after the record-level checks, and how many of its files were parsed or reused. */
    public record Update(Dataset<Row> checked, int filesParsed, int filesReused) {
    }

    public String location() {
        return location;
    }

    /**
     * Brings a source's table up to date with its files and returns all its records as {@link RecordChecks#apply}
     * tags them. A source whose records do not come from files (a Snowflake table) is parsed whole, every time.
     *
     * @param listed the source's files as the run listed them ({@link RawSource#list})
     */
    public Update update(SparkSession spark, RawSource source, SourceName name, Optional<List<RawFile>> listed,
                         RecordChecks checks, StructType rawSchema) {
        if (listed.isEmpty()) {
            return new Update(checks.apply(source.lines(spark, name), rawSchema), 0, 0);
        }
        String table = location + "/" + name.label();
        boolean tableExists = exists(spark, table);
        if (listed.get().isEmpty() && !tableExists) {
            return new Update(checks.apply(source.lines(spark, name), rawSchema), 0, 0);
        }
        String version = checks.version(rawSchema);
        Map<String, StoredFile> stored = tableExists ? storedFiles(spark, table) : Map.of();
        List<RawFile> toParse = new ArrayList<>();
        Set<String> unchanged = new HashSet<>();
        for (RawFile file : listed.get()) {
            StoredFile known = stored.get(file.path());
            if (!fullRefresh && known != null && known.file().equals(file) && known.rulesVersion().equals(version)) {
                unchanged.add(file.path());
            } else {
                toParse.add(file);
            }
        }
        boolean stale = stored.keySet().stream().anyMatch(path -> !unchanged.contains(path));
        if (!toParse.isEmpty() || stale) {
            write(spark, table, parse(spark, source, toParse, checks, rawSchema, version), toParse, unchanged, stored);
        }
        Dataset<Row> checked = spark.read().format("delta").load(table).drop(LAYER_COLUMNS.toArray(String[]::new));
        return new Update(checked, toParse.size(), unchanged.size());
    }

    /** A file as the table holds it: the path as Spark named it, its size and time, the rules that tagged it. */
    private record StoredFile(RawFile file, String storedPath, String rulesVersion) {
    }

    /** The files the table holds, by the path as the listing names it. */
    private static Map<String, StoredFile> storedFiles(SparkSession spark, String table) {
        Map<String, StoredFile> stored = new HashMap<>();
        for (Row r : spark.read().format("delta").load(table)
                .select(col(SOURCE_FILE), col(FILE_SIZE), col(FILE_MODIFIED_MS), col(RULES_VERSION))
                .distinct().collectAsList()) {
            String path = listedPath(r.getString(0));
            stored.put(path, new StoredFile(new RawFile(path, r.getLong(1), r.getLong(2)), r.getString(0),
                    r.getString(3)));
        }
        return stored;
    }

    /** The files' records, tagged, with where each came from and the rules version. */
    private static Dataset<Row> parse(SparkSession spark, RawSource source, List<RawFile> files, RecordChecks checks,
                                      StructType rawSchema, String version) {
        if (files.isEmpty()) {
            return null;
        }
        Dataset<Row> lines = source.lines(spark, files).select(col(RawSource.RAW_RECORD),
                col(HadoopPathSource.METADATA + ".file_path").as(SOURCE_FILE),
                col(HadoopPathSource.METADATA + ".file_size").as(FILE_SIZE),
                unix_millis(col(HadoopPathSource.METADATA + ".file_modification_time")).as(FILE_MODIFIED_MS));
        return checks.apply(lines, rawSchema).withColumn(RULES_VERSION, lit(version));
    }

    /**
     * One Delta commit: the table becomes its unchanged files' rows plus the parsed ones. With nothing unchanged it
     * is overwritten whole (its schema too: new rules may type a field differently); otherwise only the rows of
     * the files parsed again or gone are replaced.
     */
    private static void write(SparkSession spark, String table, Dataset<Row> parsed, List<RawFile> parsedFiles,
                              Set<String> unchanged, Map<String, StoredFile> stored) {
        Dataset<Row> rows = parsed != null ? parsed
                : spark.createDataFrame(List.of(), spark.read().format("delta").load(table).schema());
        DataFrameWriter<Row> writer = rows.write().format("delta").mode(SaveMode.Overwrite);
        if (unchanged.isEmpty()) {
            writer = writer.option("overwriteSchema", "true");
        } else {
            // The rows to replace: every stored path but the unchanged ones, and the paths of the files parsed now.
            Set<String> replaced = stored.values().stream().filter(f -> !unchanged.contains(f.file().path()))
                    .map(StoredFile::storedPath).collect(Collectors.toCollection(HashSet::new));
            parsedFiles.forEach(f -> replaced.add(metadataPath(f.path())));
            writer = writer.option("replaceWhere", SOURCE_FILE + " IN (" + replaced.stream().map(StagedLayer::sqlText)
                    .collect(Collectors.joining(", ")) + ")");
        }
        writer.save(table);
    }

    /** Spark's {@code _metadata.file_path} (a URI, percent-encoded) as the file system's listing names the file. */
    static String listedPath(String metadataPath) {
        return new Path(URI.create(metadataPath)).toString();
    }

    /** A listed file's path as Spark's {@code _metadata.file_path} names it. */
    static String metadataPath(String listedPath) {
        return new Path(listedPath).toUri().toString();
    }

    private static String sqlText(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }

    private static boolean exists(SparkSession spark, String table) {
        try {
            Path log = new Path(table + "/_delta_log");
            return log.getFileSystem(spark.sparkContext().hadoopConfiguration()).exists(log);
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.failure(table, e);
        }
    }
}
