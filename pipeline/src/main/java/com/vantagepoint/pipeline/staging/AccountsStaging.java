package com.vantagepoint.pipeline.staging;

import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.RawJson.FieldType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.List;

import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_OWNER_ID;
import static com.vantagepoint.scoring.catalog.Columns.ANNUAL_REVENUE;
import static com.vantagepoint.scoring.catalog.Columns.INDUSTRY;
import static com.vantagepoint.scoring.catalog.Columns.IS_CHURNED;
import static com.vantagepoint.scoring.catalog.Columns.SUBSCRIPTION_END_DATE;
import static com.vantagepoint.scoring.catalog.Columns.SUBSCRIPTION_START_DATE;
import static com.vantagepoint.scoring.catalog.Columns.TIER;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;

/**
 * Staging of {@code crm/accounts}: required {@code account_id}, {@code subscription_start_date} and {@code tier};
 * typed dates, revenue and churn flag; tier in {@code quality.accepted.account-tier}.
 * <p>Duplicates: CRM exports carry no timestamp, so of several copies of an account the one with the latest
 * {@code subscription_start_date} (a renewal) wins, ties broken by the raw text (greatest first) so the result
 * never depends on file order. A missing {@code is_churned} reads as false.
 */
public final class AccountsStaging {
    public static final List<String> FIELDS = List.of(ACCOUNT_ID, INDUSTRY, ANNUAL_REVENUE, SUBSCRIPTION_START_DATE,
            SUBSCRIPTION_END_DATE, IS_CHURNED, TIER, ACCOUNT_OWNER_ID);
    /** The raw schema: every field read as a string first. */
    public static final StructType RAW_SCHEMA = RawJson.stringSchema(FIELDS);

    private final List<String> acceptedTiers;
    private final ValueRanges ranges;

    public AccountsStaging(List<String> acceptedTiers, ValueRanges ranges) {
        this.acceptedTiers = List.copyOf(acceptedTiers);
        this.ranges = ranges;
    }

    /** Raw lines to the tagged frame. */
    public Dataset<Row> tag(Dataset<Row> lines) {
        return relate(checks().apply(lines, RAW_SCHEMA));
    }

    /** The record-level rules: each record's outcome from its own fields. */
    public RecordChecks checks() {
        return new RecordChecks()
                .required(ACCOUNT_ID, SUBSCRIPTION_START_DATE, TIER)
                .field(ACCOUNT_ID, FieldType.STRING)
                .field(INDUSTRY, FieldType.STRING)
                .field(ANNUAL_REVENUE, FieldType.DECIMAL)
                .field(SUBSCRIPTION_START_DATE, FieldType.DATE)
                .field(SUBSCRIPTION_END_DATE, FieldType.DATE)
                .field(IS_CHURNED, FieldType.BOOLEAN)
                .field(TIER, FieldType.STRING)
                .field(ACCOUNT_OWNER_ID, FieldType.STRING)
                .accepted(TIER, acceptedTiers)
                .range(ANNUAL_REVENUE, BigDecimal.ZERO, ranges.maxAmount())
                .dayRange(SUBSCRIPTION_START_DATE, ranges.earliestDate(), ranges.latestDate())
                .dayRange(SUBSCRIPTION_END_DATE, ranges.earliestDate(), ranges.latestDate());
    }

    /** The rules across records, over the output of {@link #checks()}: the latest copy of an account wins. */
    public static Dataset<Row> relate(Dataset<Row> checked) {
        return Rejects.tagDuplicates(checked, ACCOUNT_ID, col(SUBSCRIPTION_START_DATE).desc_nulls_last());
    }

    /** The good records of a tagged frame. */
    public static Dataset<Row> staged(Dataset<Row> tagged) {
        return tagged.where(Rejects.isGood()).select(
                col(ACCOUNT_ID), col(INDUSTRY), col(ANNUAL_REVENUE), col(SUBSCRIPTION_START_DATE),
                col(SUBSCRIPTION_END_DATE), coalesce(col(IS_CHURNED), lit(false)).as(IS_CHURNED), col(TIER),
                col(ACCOUNT_OWNER_ID));
    }

    /**
     * @param windowEnd the latest as-of date: accounts whose subscription starts after it are staged but scored on
     *                  no date, and counted as after the as-of date so the report's columns add up
     */
    public StagedSource stage(Dataset<Row> lines, LocalDate windowEnd) {
        return stageChecked(checks().apply(lines, RAW_SCHEMA), windowEnd);
    }

    /** As {@link #stage} from records the {@link #checks()} have already tagged (the staged layer's). */
    public StagedSource stageChecked(Dataset<Row> checked, LocalDate windowEnd) {
        Dataset<Row> tagged = Rejects.forCache(relate(checked)).persist();
        return new StagedSource(SourceName.ACCOUNTS, tagged, staged(tagged),
                SourceCounts.of(SourceName.ACCOUNTS, tagged, AsOf.after(col(SUBSCRIPTION_START_DATE), windowEnd)));
    }
}
