package com.vantagepoint.pipeline.staging;

import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.pipeline.source.SourceName;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * What happened to one source's records: read = staged + rejected (all reasons).
 *
 * @param outsideWindow staged events dated after the latest as-of day (kept, not rejected)
 */
public record SourceCounts(SourceName source, long read, long staged, Map<String, Long> rejectedByReason,
                           long outsideWindow) {

    public SourceCounts {
        rejectedByReason = Collections.unmodifiableMap(new TreeMap<>(rejectedByReason));
    }

    public long rejected() {
        return rejectedByReason.values().stream().mapToLong(Long::longValue).sum();
    }

    /** Rejects that count against {@code quality.max-reject-share}: every reason but {@code duplicate}. */
    public long rejectedExcludingDuplicates() {
        return rejected() - rejectedByReason.getOrDefault(Rejects.DUPLICATE, 0L);
    }

    public double rejectShare() {
        return read == 0 ? 0 : (double) rejectedExcludingDuplicates() / read;
    }

    /** Counts a (cached) tagged frame in one aggregation over its outcomes. */
    public static SourceCounts of(SourceName source, Dataset<Row> tagged, Column outsideWindow) {
        Column outside = outsideWindow == null ? lit(false) : outsideWindow;
        List<Row> rows = tagged.groupBy(Rejects.reasonCode().as(Columns.REASON_CODE))
                .agg(count(lit(1)).as("n"), sum(when(Rejects.isGood().and(outside), 1).otherwise(0)).as("outside"))
                .collectAsList();
        long read = 0;
        long staged = 0;
        long outsideCount = 0;
        Map<String, Long> byReason = new TreeMap<>();
        for (Row row : rows) {
            long n = row.getLong(1);
            read += n;
            if (row.isNullAt(0)) {
                staged = n;
                outsideCount = row.getLong(2);
            } else {
                byReason.put(row.getString(0), n);
            }
        }
        return new SourceCounts(source, read, staged, byReason, outsideCount);
    }
}
