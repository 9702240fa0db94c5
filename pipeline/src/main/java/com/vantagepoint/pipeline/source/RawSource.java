package com.vantagepoint.pipeline.source;

import com.vantagepoint.scoring.catalog.Columns;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.List;
import java.util.Optional;

/**
 * Where raw records come from. A source hands out each record as its raw text line, untouched, so that
 * staging can parse it with an explicit schema and keep the original text of every reject.
 */
public interface RawSource {
    /** The single column of {@link #lines}: one raw JSON Lines record. */
    String RAW_RECORD = Columns.RAW_RECORD;

    /**
     * All non-blank lines of one source, in one column {@link #RAW_RECORD} (string); an absent source is empty.
     */
    Dataset<Row> lines(SparkSession spark, SourceName source);

    /**
     * What a source's folder holds, from one listing of it: the files {@link #lines} reads (empty when its records
     * do not come from files, e.g. a Snowflake table, which is read whole on every run) and the files it does not
     * read, each with the reason, so a user can reconcile the files they see with the records counted.
     */
    Listing list(SparkSession spark, SourceName source);

    /** @see #list */
    record Listing(Optional<List<RawFile>> files, List<String> ignored) {
        public static final Listing NOT_FILES = new Listing(Optional.empty(), List.of());
    }

    /**
     * The non-blank lines of some (at least one) of a source's listed files, in column {@link #RAW_RECORD}, with the file each
     * came from in Spark's {@code _metadata} column ({@code file_path}, {@code file_size},
     * {@code file_modification_time}).
     */
    Dataset<Row> lines(SparkSession spark, List<RawFile> files);

    /**
     * Where a source's records come from when that is not a folder under {@link #uri()}, e.g.
     * {@code snowflake:DB.SCHEMA.ACCOUNTS}; rejects and messages name it. Empty by default.
     */
    default Optional<String> origin(SourceName source) {
        return Optional.empty();
    }

    /** The input URI for the run report and PIPELINE_RUNS. */
    String uri();
}
