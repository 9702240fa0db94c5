package com.vantagepoint.pipeline.source;

import com.vantagepoint.pipeline.storage.StorageErrors;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.LocalFileSystem;
import org.apache.hadoop.fs.LocatedFileStatus;
import org.apache.hadoop.fs.Path;
import org.apache.hadoop.fs.RawLocalFileSystem;
import org.apache.hadoop.fs.RemoteIterator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.trim;

/**
 * Reads the input layout ({@code crm/}, {@code usage_logs/}, {@code transcripts/}) below a root that is any
 * Hadoop URI: a local path, {@code file:///...} or {@code s3a://bucket/prefix}. Files are JSON Lines
 * ({@code *.json}, or {@code *.json.gz}, decompressed by Hadoop's codec). Partition folders
 * ({@code year=/month=}) are walked recursively but never turned into columns: the record's own timestamp is
 * the truth.
 */
public final class HadoopPathSource implements RawSource {
    private static final StructType LINES_SCHEMA = new StructType().add(RAW_RECORD, DataTypes.StringType, false);
    /** Spark's hidden column of a file source naming each row's file. */
    public static final String METADATA = "_metadata";
    private static final String GLOB = "*.{json,json.gz,jsonl,jsonl.gz}";
    private static final java.util.regex.Pattern READ = java.util.regex.Pattern.compile(".*\\.jsonl?(\\.gz)?");
    private final String root;

    public HadoopPathSource(String root) {
        this.root = root.endsWith("/") ? root.substring(0, root.length() - 1) : root;
    }

    @Override
    public Dataset<Row> lines(SparkSession spark, SourceName source) {
        String dir = root + "/" + source.relativePath();
        if (!exists(spark, dir)) {
            return spark.createDataFrame(List.of(), LINES_SCHEMA);
        }
        return spark.read()
                .option("recursiveFileLookup", "true")
                .option("pathGlobFilter", GLOB)
                .text(dir)
                .withColumnRenamed("value", RAW_RECORD)
                .where(trim(col(RAW_RECORD)).notEqual(""));
    }

    /**
     * Every file {@link #lines(SparkSession, SourceName)} reads, with its size and modification time, and the files it
     * does not: hidden files and folders (a name starting with {@code _} or {@code .}: Hadoop's and Spark's convention
     * for metadata such as {@code _SUCCESS} or {@code .part.crc}) and files of another extension.
     */
    @Override
    public Listing list(SparkSession spark, SourceName source) {
        List<RawFile> read = new ArrayList<>();
        List<String> ignored = new ArrayList<>();
        walk(spark, source, (relative, status) -> {
            String reason = ignoreReason(relative);
            if (reason == null) {
                read.add(new RawFile(status.getPath().toString(), status.getLen(), status.getModificationTime()));
            } else {
                ignored.add(source.relativePath() + "/" + relative + " (" + reason + ")");
            }
        });
        return new Listing(Optional.of(read), ignored);
    }

    @Override
    public Dataset<Row> lines(SparkSession spark, List<RawFile> files) {
        return spark.read().text(files.stream().map(RawFile::path).toArray(String[]::new))
                .select(col("value").as(RAW_RECORD), col(METADATA))
                .where(trim(col(RAW_RECORD)).notEqual(""));
    }

    /** Visits every file below a source's folder (none when it is absent) with its path relative to the folder. */
    private void walk(SparkSession spark, SourceName source, BiConsumer<String, FileStatus> visit) {
        String dir = root + "/" + source.relativePath();
        if (!exists(spark, dir)) {
            return;
        }
        try {
            Path base = new Path(dir);
            FileSystem fs = fileSystem(spark, base);
            String prefix = fs.makeQualified(base).toUri().getPath();
            Consumer<FileStatus> visitRelative = status -> {
                String path = status.getPath().toUri().getPath();
                visit.accept(path.startsWith(prefix) ? path.substring(prefix.length()).replaceFirst("^/", "") : path,
                        status);
            };
            if (fs instanceof LocalFileSystem || fs instanceof RawLocalFileSystem) {
                walkLocal(fs, base, visitRelative);
            } else {
                RemoteIterator<LocatedFileStatus> files = fs.listFiles(base, true);
                while (files.hasNext()) {
                    visitRelative.accept(files.next());
                }
            }
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.failure(dir, e);
        }
    }

    /**
     * Lists a local folder tree folder by folder. {@code listFiles} would build a {@code LocatedFileStatus} per entry,
     * whose constructor reads the entry's permissions, which Hadoop's local file system does by running
     * {@code ls -ld} in a subprocess (the seed-scale demo started 216 of them); an object store is listed flat,
     * in one paged request, with {@code listFiles}.
     */
    private static void walkLocal(FileSystem fs, Path dir, Consumer<FileStatus> visit) throws IOException {
        for (FileStatus status : fs.listStatus(dir)) {
            if (status.isDirectory()) {
                walkLocal(fs, status.getPath(), visit);
            } else {
                visit.accept(status);
            }
        }
    }

    /** Why a file below a source folder is not read, or null when it is. */
    static String ignoreReason(String relativePath) {
        for (String part : relativePath.split("/")) {
            if (part.startsWith("_") || part.startsWith(".")) {
                return "hidden: a name starting with _ or . is metadata by Hadoop convention";
            }
        }
        String name = relativePath.substring(relativePath.lastIndexOf('/') + 1);
        return READ.matcher(name).matches() ? null : "not .json, .json.gz, .jsonl or .jsonl.gz";
    }

    @Override
    public String uri() {
        return root;
    }

    private static FileSystem fileSystem(SparkSession spark, Path path) throws IOException {
        URI uri = path.toUri();
        return uri.getScheme() == null
                ? FileSystem.get(spark.sparkContext().hadoopConfiguration())
                : FileSystem.get(uri, spark.sparkContext().hadoopConfiguration());
    }

    private static boolean exists(SparkSession spark, String dir) {
        try {
            Path path = new Path(dir);
            return fileSystem(spark, path).exists(path);
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.failure(dir, e);
        }
    }
}
