package com.vantagepoint.pipeline.staging;

import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.scoring.config.VantageConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Tiny inputs and outcome readers for the staging tests. An outcome is written {@code raw => staged} or
 * {@code raw => reason_code: detail}, so one assertion over sorted lists shows every line that went elsewhere.
 */
final class StagingFixtures {
    static final String STAGED = "staged";
    /** The default accepted ranges of numeric and date fields, as the job reads them. */
    static final ValueRanges RANGES = ValueRanges.fromConfig(VantageConfig.defaults().getConfig("quality.ranges"));
    static final Instant REJECTED_AT = Instant.parse("2026-12-01T06:00:00Z");
    private static final StructType LINES = new StructType().add(Columns.RAW_RECORD, DataTypes.StringType);

    private StagingFixtures() {
    }

    static Dataset<Row> lines(List<String> json) {
        return SharedSpark.spark().createDataFrame(json.stream().map(RowFactory::create).toList(), LINES);
    }

    /** Staged accounts as the sources that reference them see them: one column of ids. */
    static Dataset<Row> accounts(String... ids) {
        return SharedSpark.spark().createDataFrame(Arrays.stream(ids).map(RowFactory::create).toList(),
                new StructType().add(Columns.ACCOUNT_ID, DataTypes.StringType));
    }

    static String rejected(String reasonCode, String detail) {
        return reasonCode + ": " + detail;
    }

    /** The raw lines of the cases, in order. */
    static List<String> linesOf(List<Map.Entry<String, String>> cases) {
        return cases.stream().map(Map.Entry::getKey).toList();
    }

    /** The cases as sorted outcome strings; with {@code rejectsOnly}, without the staged ones. */
    static List<String> expected(List<Map.Entry<String, String>> cases, boolean rejectsOnly) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> c : cases) {
            if (!rejectsOnly || !c.getValue().equals(STAGED)) {
                out.add(c.getKey() + " => " + c.getValue());
            }
        }
        Collections.sort(out);
        return out;
    }

    /** Every record of a frame from {@code tag(...)} (raw text kept for all) with its outcome, sorted. */
    static List<String> outcomes(Dataset<Row> tagged) {
        List<String> out = new ArrayList<>();
        for (Row r : tagged.select(Columns.RAW_RECORD, Rejects.REJECT).collectAsList()) {
            Row reject = r.getStruct(1);
            out.add(r.getString(0) + " => " + (reject == null ? STAGED
                    : rejected(reject.getAs(Columns.REASON_CODE), reject.getAs(Columns.DETAIL))));
        }
        Collections.sort(out);
        return out;
    }

    /** The REJECTED_RECORDS rows of a staged source as outcomes, sorted; checks source label and run id. */
    static List<String> rejectRows(StagedSource staged) {
        List<String> out = new ArrayList<>();
        for (Row r : staged.rejects("run-1", REJECTED_AT).collectAsList()) {
            assertEquals("run-1", r.getAs(Columns.RUN_ID));
            assertEquals(staged.source().label(), r.getAs(Columns.SOURCE));
            assertEquals(java.sql.Timestamp.from(REJECTED_AT), r.getAs(Columns.REJECTED_AT));
            out.add(r.getAs(Columns.RAW_RECORD) + " => "
                    + rejected(r.getAs(Columns.REASON_CODE), r.getAs(Columns.DETAIL)));
        }
        Collections.sort(out);
        return out;
    }

    /** The values of one column of a (staged) frame, sorted. */
    static List<String> sortedValues(Dataset<Row> frame, String column) {
        List<String> out = new ArrayList<>(frame.select(column).as(Encoders.STRING()).collectAsList());
        Collections.sort(out);
        return out;
    }

    /** The run-report counts: read, staged and rejects per reason, and read = staged + rejected. */
    static void assertCounts(SourceCounts counts, long read, long staged, Map<String, Long> rejectedByReason) {
        assertEquals(read, counts.read(), "read");
        assertEquals(staged, counts.staged(), "staged");
        assertEquals(rejectedByReason, counts.rejectedByReason(), "rejected by reason");
        assertEquals(counts.read(), counts.staged() + counts.rejected(), "read = staged + rejected");
    }
}
