package com.vantagepoint.pipeline.staging;

import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.RawJson.FieldType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.util.List;

import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.AMOUNT_GBP;
import static com.vantagepoint.scoring.catalog.Columns.CLOSE_DATE;
import static com.vantagepoint.scoring.catalog.Columns.LEAD_SOURCE;
import static com.vantagepoint.scoring.catalog.Columns.OPPORTUNITY_ID;
import static com.vantagepoint.scoring.catalog.Columns.PRODUCT_CODE;
import static com.vantagepoint.scoring.catalog.Columns.STAGE;
import static org.apache.spark.sql.functions.col;

/**
 * Staging of {@code crm/opportunities}: required {@code opportunity_id} and {@code account_id}; stage in
 * {@code quality.accepted.opportunity-stage}; the account must be a staged account.
 * <p>Duplicates: no timestamp either; the copy with the latest {@code close_date} wins (undated copies last),
 * ties broken by the raw text (greatest first).
 */
public final class OpportunitiesStaging {
    public static final List<String> FIELDS = List.of(OPPORTUNITY_ID, ACCOUNT_ID, PRODUCT_CODE, STAGE, AMOUNT_GBP,
            CLOSE_DATE, LEAD_SOURCE);
    public static final StructType RAW_SCHEMA = RawJson.stringSchema(FIELDS);

    private final List<String> acceptedStages;
    private final ValueRanges ranges;

    public OpportunitiesStaging(List<String> acceptedStages, ValueRanges ranges) {
        this.acceptedStages = List.copyOf(acceptedStages);
        this.ranges = ranges;
    }

    public Dataset<Row> tag(Dataset<Row> lines, Dataset<Row> stagedAccounts) {
        return relate(checks().apply(lines, RAW_SCHEMA), stagedAccounts);
    }

    /** The record-level rules: each record's outcome from its own fields. */
    public RecordChecks checks() {
        return new RecordChecks()
                .required(OPPORTUNITY_ID, ACCOUNT_ID)
                .field(OPPORTUNITY_ID, FieldType.STRING)
                .field(ACCOUNT_ID, FieldType.STRING)
                .field(PRODUCT_CODE, FieldType.STRING)
                .field(STAGE, FieldType.STRING)
                .field(AMOUNT_GBP, FieldType.DECIMAL)
                .field(CLOSE_DATE, FieldType.DATE)
                .field(LEAD_SOURCE, FieldType.STRING)
                .accepted(STAGE, acceptedStages)
                .range(AMOUNT_GBP, BigDecimal.ZERO, ranges.maxAmount())
                .dayRange(CLOSE_DATE, ranges.earliestDate(), ranges.latestDate());
    }

    /** The rules across records, over the output of {@link #checks()}: latest copy, known account. */
    public static Dataset<Row> relate(Dataset<Row> checked, Dataset<Row> stagedAccounts) {
        Dataset<Row> t = Rejects.tagDuplicates(checked, OPPORTUNITY_ID, col(CLOSE_DATE).desc_nulls_last());
        return Rejects.tagUnknown(t, ACCOUNT_ID, stagedAccounts, ACCOUNT_ID, Rejects.UNKNOWN_ACCOUNT);
    }

    public static Dataset<Row> staged(Dataset<Row> tagged) {
        return tagged.where(Rejects.isGood()).select(col(OPPORTUNITY_ID), col(ACCOUNT_ID), col(PRODUCT_CODE),
                col(STAGE), col(AMOUNT_GBP), col(CLOSE_DATE), col(LEAD_SOURCE));
    }

    public StagedSource stage(Dataset<Row> lines, Dataset<Row> stagedAccounts) {
        return stageChecked(checks().apply(lines, RAW_SCHEMA), stagedAccounts);
    }

    /** As {@link #stage} from records the {@link #checks()} have already tagged (the staged layer's). */
    public StagedSource stageChecked(Dataset<Row> checked, Dataset<Row> stagedAccounts) {
        Dataset<Row> tagged = Rejects.forCache(relate(checked, stagedAccounts)).persist();
        return new StagedSource(SourceName.OPPORTUNITIES, tagged, staged(tagged),
                SourceCounts.of(SourceName.OPPORTUNITIES, tagged, null));
    }
}
