package com.vantagepoint.pipeline.staging;

import com.vantagepoint.pipeline.source.SourceName;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.expressions.Window;
import org.apache.spark.sql.expressions.WindowSpec;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import static com.vantagepoint.scoring.catalog.Columns.DETAIL;
import static com.vantagepoint.scoring.catalog.Columns.RAW_RECORD;
import static com.vantagepoint.scoring.catalog.Columns.REASON_CODE;
import static com.vantagepoint.scoring.catalog.Columns.REJECTED_AT;
import static com.vantagepoint.scoring.catalog.Columns.RUN_ID;
import static com.vantagepoint.scoring.catalog.Columns.SOURCE;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.row_number;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.when;

/**
 * REJECTED_RECORDS and the tagging that feeds it. Staging keeps every record in one "tagged" frame:
 * the raw line, the typed fields and a {@link #REJECT} struct that is null while the record is still good.
 * Record-level checks ({@link RecordChecks}) tag first; then duplicates and relationships, each tagging only
 * records that are still good, so every record carries exactly one outcome and the first failing check names
 * the reason.
 */
public final class Rejects {
    public static final String MALFORMED_JSON = "malformed_json";
    public static final String MISSING_KEY = "missing_key";
    public static final String BAD_TYPE = "bad_type";
    public static final String BAD_VALUE = "bad_value";
    public static final String UNKNOWN_ACCOUNT = "unknown_account";
    public static final String UNKNOWN_OPPORTUNITY = "unknown_opportunity";
    public static final String UNATTRIBUTED = "unattributed";
    public static final String DUPLICATE = "duplicate";
    /** All reason codes, in the order the checks run. */
    public static final List<String> REASON_CODES = List.of(MALFORMED_JSON, MISSING_KEY, BAD_TYPE, BAD_VALUE,
            DUPLICATE, UNKNOWN_ACCOUNT, UNKNOWN_OPPORTUNITY, UNATTRIBUTED);

    /** The tag column of a tagged frame: struct(reason_code, detail), null for a good record. */
    public static final String REJECT = "_reject";

    private Rejects() {
    }

    public static Column reasonCode() {
        return col(REJECT).getField(REASON_CODE);
    }

    public static Column isGood() {
        return col(REJECT).isNull();
    }

    /** Tags the still-good records for which {@code failing} holds; {@code detail} must be non-null for them. */
    public static Dataset<Row> tag(Dataset<Row> tagged, Column failing, String reasonCode, Column detail) {
        Column reject = struct(lit(reasonCode).as(REASON_CODE), detail.as(DETAIL));
        return tagged.withColumn(REJECT, coalesce(col(REJECT), when(failing, reject)));
    }

    /**
     * Tags all but the latest good copy of each key as {@link #DUPLICATE}. {@code latestFirst} orders the copies
     * of one key, newest first; ties fall back to the raw text (descending) so the survivor never depends on
     * file order.
     */
    public static Dataset<Row> tagDuplicates(Dataset<Row> tagged, String key, Column... latestFirst) {
        Column[] order = new Column[latestFirst.length + 1];
        System.arraycopy(latestFirst, 0, order, 0, latestFirst.length);
        order[latestFirst.length] = col(RAW_RECORD).desc();
        WindowSpec copies = Window.partitionBy(col(key), isGood()).orderBy(order);
        String rank = "_copy_rank";
        return tag(tagged.withColumn(rank, row_number().over(copies)),
                isGood().and(col(rank).gt(1)), DUPLICATE,
                concat(lit("superseded by a later copy of " + key + " "), col(key)))
                .drop(rank);
    }

    /**
     * Tags still-good records whose {@code key} (when present) is not among {@code knownKeys} (a frame of
     * unique keys in column {@code knownKey}, small enough to broadcast: staged accounts or opportunities).
     */
    public static Dataset<Row> tagUnknown(Dataset<Row> tagged, String key, Dataset<Row> knownKeys, String knownKey,
                                          String reasonCode) {
        return tagUnknown(tagged, key, knownKeys, knownKey, reasonCode, key);
    }

    /** As above; {@code fieldName} names the raw field in the detail. */
    public static Dataset<Row> tagUnknown(Dataset<Row> tagged, String key, Dataset<Row> knownKeys, String knownKey,
                                          String reasonCode, String fieldName) {
        String known = "_known_" + key;
        Dataset<Row> keys = knownKeys.select(col(knownKey).as(known));
        Dataset<Row> joined = tagged.join(broadcast(keys), col(key).equalTo(col(known)), "left");
        return tag(joined, isGood().and(col(key).isNotNull()).and(col(known).isNull()), reasonCode,
                concat(lit(fieldName + " not found among staged records: "), col(key)))
                .drop(known);
    }

    /**
     * The tagged frame as it is cached: the raw line is kept only for rejected records (the only ones that need
     * it, for REJECTED_RECORDS). Good records are most of a source; keeping their raw text would roughly double
     * the cached size of a source (7.5 M usage lines do not fit a 4 GB driver's storage memory with it).
     * Apply after every tag (the duplicate tie-break reads the raw text of good records).
     */
    public static Dataset<Row> forCache(Dataset<Row> tagged) {
        return tagged.withColumn(RAW_RECORD, when(isGood(), lit(null).cast("string")).otherwise(col(RAW_RECORD)));
    }

    /**
     * The rejects not yet in REJECTED_RECORDS (same source, raw record and reason), so that a record reused from
     * the staged layer run after run lands there once: when it was first rejected, or when a later record
     * superseded it.
     */
    public static Dataset<Row> notYetRecorded(Dataset<Row> rejects, Optional<Dataset<Row>> recorded) {
        return recorded.map(r -> {
            Dataset<Row> known = r.select(col(SOURCE).as("_known_source"), col(RAW_RECORD).as("_known_raw"),
                    col(REASON_CODE).as("_known_reason")).distinct();
            return rejects.join(known, col(SOURCE).equalTo(col("_known_source"))
                    .and(col(RAW_RECORD).equalTo(col("_known_raw")))
                    .and(col(REASON_CODE).equalTo(col("_known_reason"))), "left_anti");
        }).orElse(rejects);
    }

    /** REJECTED_RECORDS rows whose detail also names where the records came from, e.g. a Snowflake table. */
    public static Dataset<Row> withOrigin(Dataset<Row> rejects, String origin) {
        return rejects.withColumn(DETAIL, concat(col(DETAIL), lit(" (from " + origin + ")")));
    }

    /** The REJECTED_RECORDS rows of one source's tagged frame. */
    public static Dataset<Row> of(Dataset<Row> tagged, SourceName source, String runId, Instant rejectedAt) {
        return tagged.where(col(REJECT).isNotNull()).select(
                lit(runId).as(RUN_ID),
                lit(source.label()).as(SOURCE),
                col(RAW_RECORD),
                reasonCode().as(REASON_CODE),
                col(REJECT).getField(DETAIL).as(DETAIL),
                lit(Timestamp.from(rejectedAt)).as(REJECTED_AT));
    }
}
