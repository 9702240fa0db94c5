package com.vantagepoint.pipeline.staging;

import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.RawJson.FieldType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.util.List;

import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.ERROR_CODES_ENCOUNTERED;
import static com.vantagepoint.scoring.catalog.Columns.FEATURE_USED;
import static com.vantagepoint.scoring.catalog.Columns.SESSION_DURATION_SECONDS;
import static com.vantagepoint.scoring.catalog.Columns.SESSION_ID;
import static com.vantagepoint.scoring.catalog.Columns.TIMESTAMP;
import static com.vantagepoint.scoring.catalog.Columns.USER_ID;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;

/**
 * Staging of {@code usage_logs}: required {@code session_id}, {@code account_id} and {@code timestamp} (an
 * event without a time cannot be placed in any as-of window); non-negative duration; the account must be
 * staged. Of several copies of a session the latest by timestamp wins. Feature names are kept as they are
 * (an unknown feature is a data-quality warning, not a reject).
 */
public final class UsageStaging {
    public static final List<String> FIELDS = List.of(SESSION_ID, ACCOUNT_ID, USER_ID, FEATURE_USED,
            SESSION_DURATION_SECONDS, ERROR_CODES_ENCOUNTERED, TIMESTAMP);
    public static final StructType RAW_SCHEMA = RawJson.stringSchema(FIELDS);

    private final ValueRanges ranges;

    public UsageStaging(ValueRanges ranges) {
        this.ranges = ranges;
    }

    public Dataset<Row> tag(Dataset<Row> lines, Dataset<Row> stagedAccounts) {
        return relate(checks().apply(lines, RAW_SCHEMA), stagedAccounts);
    }

    /** The record-level rules: each record's outcome from its own fields. */
    public RecordChecks checks() {
        return new RecordChecks()
                .required(SESSION_ID, ACCOUNT_ID, TIMESTAMP)
                .field(SESSION_ID, FieldType.STRING)
                .field(ACCOUNT_ID, FieldType.STRING)
                .field(USER_ID, FieldType.STRING)
                .field(FEATURE_USED, FieldType.STRING)
                .field(SESSION_DURATION_SECONDS, FieldType.DOUBLE)
                .rawField(ERROR_CODES_ENCOUNTERED)
                .field(TIMESTAMP, FieldType.TIMESTAMP)
                .badValue(f -> f.get(SESSION_DURATION_SECONDS).lt(0),
                        f -> concat(lit("field " + SESSION_DURATION_SECONDS + " is negative: "),
                                RawJson.raw(SESSION_DURATION_SECONDS)))
                .range(SESSION_DURATION_SECONDS, 0.0, ranges.maxSessionSeconds())
                .dayRange(TIMESTAMP, ranges.earliestDate(), ranges.latestDate());
    }

    /** The rules across records, over the output of {@link #checks()}: latest copy, known account. */
    public static Dataset<Row> relate(Dataset<Row> checked, Dataset<Row> stagedAccounts) {
        Dataset<Row> t = Rejects.tagDuplicates(checked, SESSION_ID, col(TIMESTAMP).desc());
        return Rejects.tagUnknown(t, ACCOUNT_ID, stagedAccounts, ACCOUNT_ID, Rejects.UNKNOWN_ACCOUNT);
    }

    public static Dataset<Row> staged(Dataset<Row> tagged) {
        return tagged.where(Rejects.isGood()).select(col(SESSION_ID), col(ACCOUNT_ID), col(USER_ID),
                col(FEATURE_USED), col(SESSION_DURATION_SECONDS), col(ERROR_CODES_ENCOUNTERED), col(TIMESTAMP));
    }

    /** @param windowEnd the latest as-of date: staged sessions after it are counted as outside the window */
    public StagedSource stage(Dataset<Row> lines, Dataset<Row> stagedAccounts, LocalDate windowEnd) {
        return stageChecked(checks().apply(lines, RAW_SCHEMA), stagedAccounts, windowEnd);
    }

    /** As {@link #stage} from records the {@link #checks()} have already tagged (the staged layer's). */
    public StagedSource stageChecked(Dataset<Row> checked, Dataset<Row> stagedAccounts, LocalDate windowEnd) {
        Dataset<Row> tagged = Rejects.forCache(relate(checked, stagedAccounts)).persist();
        return new StagedSource(SourceName.USAGE_LOGS, tagged, staged(tagged),
                SourceCounts.of(SourceName.USAGE_LOGS, tagged, AsOf.after(col(TIMESTAMP), windowEnd)));
    }
}
