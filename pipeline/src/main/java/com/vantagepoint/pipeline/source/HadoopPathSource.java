package com.vantagepoint.pipeline.source;

import com.vantagepoint.pipeline.storage.StorageErrors;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.IOException;
import java.net.URI;
import java.util.List;

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
                .option("pathGlobFilter", "*.{json,json.gz,jsonl,jsonl.gz}")
                .text(dir)
                .withColumnRenamed("value", RAW_RECORD)
                .where(trim(col(RAW_RECORD)).notEqual(""));
    }

    @Override
    public String uri() {
        return root;
    }

    private static boolean exists(SparkSession spark, String dir) {
        try {
            Path path = new Path(dir);
            URI uri = path.toUri();
            FileSystem fs = uri.getScheme() == null
                    ? FileSystem.get(spark.sparkContext().hadoopConfiguration())
                    : FileSystem.get(uri, spark.sparkContext().hadoopConfiguration());
            return fs.exists(path);
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.failure(dir, e);
        }
    }
}
