package com.vantagepoint.pipeline.marts;

import com.vantagepoint.pipeline.enrich.TranscriptEnricher;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.pipeline.schema.SparkTypes;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.Signal;
import com.vantagepoint.scoring.insight.AccountContext;
import com.vantagepoint.scoring.insight.AccountMetrics;
import com.vantagepoint.scoring.insight.InsightGenerator;
import com.vantagepoint.scoring.insight.InteractionFact;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.io.Serializable;
import java.sql.Date;
import java.sql.Timestamp;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

import static com.vantagepoint.scoring.catalog.Columns.INPUT_HASH;
import static com.vantagepoint.scoring.catalog.Columns.MODEL;
import static com.vantagepoint.scoring.catalog.Columns.PROVIDER;
import static com.vantagepoint.scoring.catalog.Columns.RECOMMENDATION;
import static com.vantagepoint.scoring.catalog.Columns.TRANSCRIPT_SUMMARY;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;

/**
 * ACCOUNT_INSIGHTS: per account, as of the latest date, a recommendation and a transcript summary from
 * an {@link InsightGenerator}, grounded in the account's scored row and its enriched interactions. An insight is
 * regenerated only when its inputs change: the published run's insight is reused when account, input hash,
 * provider and model are the same.
 */
public final class AccountInsights {
    /** Internal: whether the row was reused from the published run (dropped before publishing). */
    public static final String REUSED = "_reused";
    /** Characters of a transcript body an insight generator sees (untrusted text, quoted only). */
    public static final int EXCERPT_CHARS = 200;

    private static final String INTERACTIONS = "_interactions";

    /** ACCOUNT_INSIGHTS as the catalog defines it, plus {@link #REUSED}. */
    public static final StructType SCHEMA = SparkTypes.schema(Tables.ACCOUNT_INSIGHTS, false)
            .add(REUSED, DataTypes.BooleanType, false);

    /** Builds the generator on executors. */
    public interface GeneratorFactory extends Supplier<InsightGenerator>, Serializable {
    }

    private final GeneratorFactory generators;

    public AccountInsights(GeneratorFactory generators) {
        this.generators = generators;
    }

    /**
     * @param history  ACCOUNT_HEALTH_HISTORY rows of the run
     * @param enriched enriched transcripts up to {@code asOf}
     * @param previous the published ACCOUNT_INSIGHTS, if any (small: one row per account)
     * @return one row per account scored as of {@code asOf}, with {@link #REUSED}
     */
    public Dataset<Row> build(Dataset<Row> history, Dataset<Row> enriched, LocalDate asOf, String runId,
                              Optional<Dataset<Row>> previous) {
        Dataset<Row> interactions = enriched.groupBy(col(Columns.ACCOUNT_ID)).agg(collect_list(struct(
                col(Columns.TIMESTAMP), col(Columns.INTERACTION_TYPE), col(Columns.SENTIMENT_SCORE),
                col(Columns.COMPLAINT_CATEGORY),
                substring(col(Columns.TRANSCRIPT_BODY), 1, EXCERPT_CHARS).as("excerpt"))).as(INTERACTIONS));
        Dataset<Row> accounts = history.where(col(Columns.AS_OF_DATE).equalTo(lit(Date.valueOf(asOf))))
                .join(interactions, new String[]{Columns.ACCOUNT_ID}, "left");
        Map<String, String[]> reusable = new HashMap<>();
        previous.ifPresent(p -> {
            for (Row r : p.select(Columns.ACCOUNT_ID, INPUT_HASH, PROVIDER, MODEL, RECOMMENDATION, TRANSCRIPT_SUMMARY)
                    .collectAsList()) {
                reusable.put(key(r.getString(0), r.getString(1), r.getString(2), r.getString(3)),
                        new String[]{r.getString(4), r.getString(5)});
            }
        });
        return accounts.mapPartitions(new Generate(generators, reusable, Date.valueOf(asOf), runId),
                Encoders.row(SCHEMA));
    }

    private static String key(String account, String hash, String provider, String model) {
        return account + '\u0000' + hash + '\u0000' + provider + '\u0000' + model;
    }

    /** The generator's view of one scored row. */
    static AccountContext context(Row row) {
        Map<Signal, Double> points = new EnumMap<>(Signal.class);
        for (Signal signal : Signal.values()) {
            points.put(signal, row.getAs(signal.pointsColumn()));
        }
        AccountMetrics metrics = AccountMetrics.fromColumns(row::getAs);
        List<InteractionFact> facts = new ArrayList<>();
        int idx = row.fieldIndex(INTERACTIONS);
        if (!row.isNullAt(idx)) {
            for (Row i : row.<Row>getList(idx)) {
                Timestamp ts = i.getTimestamp(0);
                facts.add(new InteractionFact(ts == null ? null : ts.toInstant(), i.getString(1), i.getDouble(2),
                        i.getString(3), i.getString(4)));
            }
        }
        return new AccountContext(row.getAs(Columns.ACCOUNT_ID), row.getAs(Columns.INDUSTRY), row.getAs(Columns.TIER),
                riskTier(row.getAs(Columns.RISK_TIER)), row.<Double>getAs(Columns.HEALTH_SCORE), points, metrics, facts);
    }

    private static RiskTier riskTier(String label) {
        return RiskTier.fromLabel(label).orElseThrow(() -> new IllegalStateException("unknown risk tier " + label));
    }

    private record Generate(GeneratorFactory generators, Map<String, String[]> reusable, Date asOf, String runId)
            implements MapPartitionsFunction<Row, Row> {

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            InsightGenerator generator = generators.get();
            List<Row> out = new ArrayList<>();
            while (rows.hasNext()) {
                AccountContext ctx = context(rows.next());
                String hash = ctx.inputHash();
                String[] cached = reusable.get(key(ctx.accountId(), hash, generator.provider(), generator.model()));
                String recommendation;
                String summary;
                String provider = generator.provider();
                String model = generator.model();
                if (cached != null) {
                    recommendation = cached[0];
                    summary = cached[1];
                } else {
                    // Stored under whoever produced it: a fallback insight is not reused as the generator's own.
                    InsightGenerator.Generated g = generator.generateWithSource(ctx);
                    recommendation = g.insight().recommendation();
                    summary = g.insight().transcriptSummary();
                    provider = g.provider();
                    model = g.model();
                }
                out.add(RowFactory.create(ctx.accountId(), recommendation, summary, provider, model, hash, asOf,
                        runId, cached != null));
            }
            return out.iterator();
        }
    }
}
