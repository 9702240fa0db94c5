package com.vantagepoint.pipeline.staging;

import com.vantagepoint.pipeline.source.SourceName;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.Instant;

/**
 * One staged source: the cached tagged frame (every record, with its outcome), the good records and the counts.
 * The tagged frame is the only thing cached; staged rows and rejects are projections of it.
 */
public record StagedSource(SourceName source, Dataset<Row> tagged, Dataset<Row> staged, SourceCounts counts) {

    public Dataset<Row> rejects(String runId, Instant rejectedAt) {
        return Rejects.of(tagged, source, runId, rejectedAt);
    }

    public void release() {
        tagged.unpersist();
    }
}
