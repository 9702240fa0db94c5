package com.vantagepoint.pipeline.staging;

import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.RawJson.FieldType;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.util.List;

import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.ATTRIBUTION;
import static com.vantagepoint.scoring.catalog.Columns.ATTRIBUTION_DIRECT;
import static com.vantagepoint.scoring.catalog.Columns.ATTRIBUTION_VIA_OPPORTUNITY;
import static com.vantagepoint.scoring.catalog.Columns.INTERACTION_ID;
import static com.vantagepoint.scoring.catalog.Columns.INTERACTION_TYPE;
import static com.vantagepoint.scoring.catalog.Columns.OPPORTUNITY_ID;
import static com.vantagepoint.scoring.catalog.Columns.SOURCE_ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.TIMESTAMP;
import static com.vantagepoint.scoring.catalog.Columns.TRANSCRIPT_BODY;
import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * Staging of {@code transcripts}: required {@code interaction_id}, {@code timestamp} and
 * {@code transcript_body}; interaction type in {@code quality.accepted.interaction-type}; latest copy of an
 * interaction wins. Attribution: the record's {@code account_id} when present ({@code direct}; an
 * account that is not staged is {@code unknown_account}), else the account of its {@code opportunity_id}
 * ({@code via_opportunity}; an opportunity that is not staged is {@code unknown_opportunity}), else
 * {@code unattributed}.
 */
public final class TranscriptsStaging {
    public static final List<String> FIELDS = List.of(INTERACTION_ID, ACCOUNT_ID, OPPORTUNITY_ID, TIMESTAMP,
            INTERACTION_TYPE, TRANSCRIPT_BODY);
    public static final StructType RAW_SCHEMA = RawJson.stringSchema(FIELDS);
    private static final String OPPORTUNITY_ACCOUNT = "_opportunity_account";

    private final List<String> acceptedTypes;
    private final ValueRanges ranges;

    public TranscriptsStaging(List<String> acceptedTypes, ValueRanges ranges) {
        this.acceptedTypes = List.copyOf(acceptedTypes);
        this.ranges = ranges;
    }

    public Dataset<Row> tag(Dataset<Row> lines, Dataset<Row> stagedAccounts, Dataset<Row> stagedOpportunities) {
        return relate(checks().apply(lines, RAW_SCHEMA), stagedAccounts, stagedOpportunities);
    }

    /** The record-level rules: each record's outcome from its own fields. */
    public RecordChecks checks() {
        return new RecordChecks()
                .required(INTERACTION_ID, TIMESTAMP, TRANSCRIPT_BODY)
                .field(INTERACTION_ID, FieldType.STRING)
                .field(SOURCE_ACCOUNT_ID, FieldType.STRING, ACCOUNT_ID)
                .field(OPPORTUNITY_ID, FieldType.STRING)
                .field(TIMESTAMP, FieldType.TIMESTAMP)
                .field(INTERACTION_TYPE, FieldType.STRING)
                .rawField(TRANSCRIPT_BODY)
                .accepted(INTERACTION_TYPE, acceptedTypes)
                .dayRange(TIMESTAMP, ranges.earliestDate(), ranges.latestDate());
    }

    /** The rules across records, over the output of {@link #checks()}: latest copy, attribution. */
    public static Dataset<Row> relate(Dataset<Row> checked, Dataset<Row> stagedAccounts,
                                      Dataset<Row> stagedOpportunities) {
        return attribute(Rejects.tagDuplicates(checked, INTERACTION_ID, col(TIMESTAMP).desc()), stagedAccounts,
                stagedOpportunities);
    }

    /** Resolves {@link Columns#ACCOUNT_ID} and {@link Columns#ATTRIBUTION}; tags what cannot be attributed. */
    static Dataset<Row> attribute(Dataset<Row> tagged, Dataset<Row> stagedAccounts, Dataset<Row> stagedOpportunities) {
        Dataset<Row> direct = Rejects.tagUnknown(tagged, SOURCE_ACCOUNT_ID, stagedAccounts, ACCOUNT_ID,
                Rejects.UNKNOWN_ACCOUNT, ACCOUNT_ID);
        Dataset<Row> opportunities = stagedOpportunities.select(col(OPPORTUNITY_ID).as("_opportunity_key"),
                col(ACCOUNT_ID).as(OPPORTUNITY_ACCOUNT));
        Dataset<Row> t = direct.join(broadcast(opportunities),
                col(SOURCE_ACCOUNT_ID).isNull().and(col(OPPORTUNITY_ID).equalTo(col("_opportunity_key"))), "left")
                .drop("_opportunity_key");
        t = Rejects.tag(t, col(SOURCE_ACCOUNT_ID).isNull().and(col(OPPORTUNITY_ID).isNotNull())
                        .and(col(OPPORTUNITY_ACCOUNT).isNull()), Rejects.UNKNOWN_OPPORTUNITY,
                concat(lit("no account_id, and opportunity_id not found among staged records: "), col(OPPORTUNITY_ID)));
        t = Rejects.tag(t, col(SOURCE_ACCOUNT_ID).isNull().and(col(OPPORTUNITY_ID).isNull()), Rejects.UNATTRIBUTED,
                lit("neither account_id nor opportunity_id present"));
        return t.withColumn(ACCOUNT_ID, when(col(SOURCE_ACCOUNT_ID).isNotNull(), col(SOURCE_ACCOUNT_ID))
                        .otherwise(col(OPPORTUNITY_ACCOUNT)))
                .withColumn(ATTRIBUTION, when(col(SOURCE_ACCOUNT_ID).isNotNull(), lit(ATTRIBUTION_DIRECT))
                        .otherwise(lit(ATTRIBUTION_VIA_OPPORTUNITY)))
                .drop(OPPORTUNITY_ACCOUNT);
    }

    /** Staged transcripts: the columns of INTERACTION_TRANSCRIPTS_ENRICHED before enrichment. */
    public static Dataset<Row> staged(Dataset<Row> tagged) {
        return tagged.where(Rejects.isGood()).select(col(INTERACTION_ID), col(ACCOUNT_ID), col(SOURCE_ACCOUNT_ID),
                col(OPPORTUNITY_ID), col(TIMESTAMP), col(INTERACTION_TYPE), col(TRANSCRIPT_BODY), col(ATTRIBUTION));
    }

    public StagedSource stage(Dataset<Row> lines, Dataset<Row> stagedAccounts, Dataset<Row> stagedOpportunities,
                              LocalDate windowEnd) {
        return stageChecked(checks().apply(lines, RAW_SCHEMA), stagedAccounts, stagedOpportunities, windowEnd);
    }

    /** As {@link #stage} from records the {@link #checks()} have already tagged (the staged layer's). */
    public StagedSource stageChecked(Dataset<Row> checked, Dataset<Row> stagedAccounts,
                                     Dataset<Row> stagedOpportunities, LocalDate windowEnd) {
        Dataset<Row> tagged = Rejects.forCache(relate(checked, stagedAccounts, stagedOpportunities)).persist();
        return new StagedSource(SourceName.TRANSCRIPTS, tagged, staged(tagged),
                SourceCounts.of(SourceName.TRANSCRIPTS, tagged, AsOf.after(col(TIMESTAMP), windowEnd)));
    }
}
