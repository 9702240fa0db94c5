package com.vantagepoint.pipeline.marts;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.schema.SparkTypes;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.Signal;
import com.vantagepoint.scoring.insight.AccountContext;
import com.vantagepoint.scoring.insight.AccountMetrics;
import com.vantagepoint.scoring.insight.InteractionFact;
import com.vantagepoint.scoring.insight.LocalInsightGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;

import static com.vantagepoint.pipeline.marts.MartFrames.INTERACTION_METRICS;
import static com.vantagepoint.pipeline.marts.MartFrames.HEALTH_MODEL;
import static com.vantagepoint.pipeline.marts.MartFrames.STAGED_ACCOUNTS;
import static com.vantagepoint.pipeline.marts.MartFrames.USAGE_METRICS;
import static com.vantagepoint.pipeline.marts.MartFrames.account;
import static com.vantagepoint.pipeline.marts.MartFrames.columns;
import static com.vantagepoint.pipeline.marts.MartFrames.date;
import static com.vantagepoint.pipeline.marts.MartFrames.dates;
import static com.vantagepoint.pipeline.marts.MartFrames.frame;
import static com.vantagepoint.pipeline.marts.MartFrames.interactions;
import static com.vantagepoint.pipeline.marts.MartFrames.ts;
import static com.vantagepoint.pipeline.marts.MartFrames.usage;
import static com.vantagepoint.scoring.catalog.Columns.*;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.collect_list;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.substring;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * ACCOUNT_INSIGHTS from a small scored history with the real {@link LocalInsightGenerator} (the job's local
 * generator factory): one insight per account as of the date, reuse keyed on account, input hash, provider and
 * model, and the generator's view of a scored row.
 */
class AccountInsightsTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");
    private static final String DORMANT_BODY = "Could you confirm the renewal terms before January? "
            + "We have not had time to roll the product out to the wider team yet. ".repeat(5);

    /** Built on executors like PipelineJob's local factory: from the scoring block of the shipped configuration. */
    private static final AccountInsights.GeneratorFactory LOCAL = () -> new LocalInsightGenerator(
            HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring")));

    private static final StructType ENRICHED = new StructType()
            .add(INTERACTION_ID, DataTypes.StringType)
            .add(ACCOUNT_ID, DataTypes.StringType)
            .add(TIMESTAMP, DataTypes.TimestampType)
            .add(INTERACTION_TYPE, DataTypes.StringType)
            .add(TRANSCRIPT_BODY, DataTypes.StringType)
            .add(SENTIMENT_SCORE, DataTypes.DoubleType)
            .add(COMPLAINT_CATEGORY, DataTypes.StringType);

    @Test
    void oneInsightPerAccountScoredAsOfTheDateIncludingAccountsWithoutTranscripts() {
        Dataset<Row> history = history(1L);
        // A row of an earlier date only: must not get an insight.
        Dataset<Row> earlierOnly = history.where(col(ACCOUNT_ID).equalTo("TALKY")
                .and(col(AS_OF_DATE).equalTo(lit(date("2026-11-18"))))).withColumn(ACCOUNT_ID, lit("OLD"));
        Dataset<Row> insights = new AccountInsights(LOCAL)
                .build(history.unionByName(earlierOnly), enriched(), AS_OF, "run-1", Optional.empty());

        List<String> expectedColumns = new ArrayList<>(MartCatalog.table(Tables.ACCOUNT_INSIGHTS).columnNames());
        expectedColumns.add(AccountInsights.REUSED);
        assertEquals(expectedColumns, columns(insights));

        assertEquals(List.of("DORMANT", "QUIET", "TALKY"), insights.select(ACCOUNT_ID).collectAsList().stream()
                .map(r -> r.getString(0)).sorted().toList(), "one row per account, the earlier date's rows ignored");
        Map<String, Row> byAccount = byAccount(insights);
        for (Row r : byAccount.values()) {
            assertEquals(date("2026-11-25"), r.getAs(AS_OF_DATE));
            assertEquals("run-1", r.getAs(RUN_ID));
            assertEquals("local", r.getAs(PROVIDER));
            assertEquals(LocalInsightGenerator.VERSION, r.getAs(MODEL));
            assertEquals(false, r.getAs(AccountInsights.REUSED));
            assertTrue(r.<String>getAs(INPUT_HASH).matches("[0-9a-f]{64}"), r.<String>getAs(INPUT_HASH));
            assertFalse(r.<String>getAs(RECOMMENDATION).isBlank());
        }
        assertEquals("No interactions are on record for QUIET, so there is no transcript evidence yet; "
                + "sentiment counts as neutral in the score.", byAccount.get("QUIET").getAs(TRANSCRIPT_SUMMARY));
        assertTrue(byAccount.get("QUIET").<String>getAs(RECOMMENDATION)
                .contains("since nobody has used the product for 100 days, and agree a concrete restart plan."),
                byAccount.get("QUIET").<String>getAs(RECOMMENDATION));
        // TALKY's transcripts reach the generator: volume, span, mix, average and negatives of its two interactions
        assertTrue(byAccount.get("TALKY").<String>getAs(TRANSCRIPT_SUMMARY).startsWith(
                        "2 interactions between 2026-11-10 and 2026-11-20 (1 support ticket and 1 e-mail), "
                                + "average sentiment -0.15, 1 negative."),
                byAccount.get("TALKY").<String>getAs(TRANSCRIPT_SUMMARY));
        // the renewal date of the scored row reaches the recommendation of a dormant account
        assertTrue(byAccount.get("DORMANT").<String>getAs(RECOMMENDATION).contains(
                        "since nobody has used the product for 120 days, and agree a concrete restart plan "
                                + "before the renewal on 2027-01-31."),
                byAccount.get("DORMANT").<String>getAs(RECOMMENDATION));
    }

    @Test
    void insightIsReusedOnlyWhenAccountHashProviderAndModelAreUnchanged() {
        Dataset<Row> history = history(1L);
        Map<String, Row> first = byAccount(new AccountInsights(LOCAL)
                .build(history, enriched(), AS_OF, "run-1", Optional.empty()));

        // The published run: stored texts marked so a reuse is told apart from a (deterministic) regeneration;
        // QUIET's stored insight came from another generator version.
        Dataset<Row> published = published(first.values(), r -> {
            String id = r.getString(0);
            String model = id.equals("QUIET") ? "local-insight-0.9" : r.getString(4);
            return RowFactory.create(id, "stored recommendation for " + id, "stored summary for " + id,
                    r.getString(3), model, r.getString(5), r.getDate(6), r.getString(7));
        });
        // Same inputs except DORMANT's support tickets (1 -> 2, same points band).
        Map<String, Row> second = byAccount(new AccountInsights(LOCAL)
                .build(history(2L), enriched(), AS_OF, "run-2", Optional.of(published)));

        Row talky = second.get("TALKY");
        assertEquals(true, talky.getAs(AccountInsights.REUSED));
        assertEquals("stored recommendation for TALKY", talky.getAs(RECOMMENDATION));
        assertEquals("stored summary for TALKY", talky.getAs(TRANSCRIPT_SUMMARY));
        assertEquals(first.get("TALKY").<String>getAs(INPUT_HASH), talky.getAs(INPUT_HASH));
        assertEquals("local", talky.getAs(PROVIDER));
        assertEquals(LocalInsightGenerator.VERSION, talky.getAs(MODEL));
        assertEquals("run-2", talky.getAs(RUN_ID));

        Row quiet = second.get("QUIET");
        assertEquals(false, quiet.getAs(AccountInsights.REUSED), "another model's insight is regenerated");
        assertEquals(first.get("QUIET").<String>getAs(INPUT_HASH), quiet.getAs(INPUT_HASH));
        assertEquals(first.get("QUIET").<String>getAs(RECOMMENDATION), quiet.getAs(RECOMMENDATION));
        assertEquals(LocalInsightGenerator.VERSION, quiet.getAs(MODEL));

        Row dormant = second.get("DORMANT");
        assertEquals(false, dormant.getAs(AccountInsights.REUSED), "a changed support_ticket_count regenerates");
        assertNotEquals(first.get("DORMANT").<String>getAs(INPUT_HASH), dormant.getAs(INPUT_HASH));
        assertEquals(first.get("DORMANT").<String>getAs(RECOMMENDATION), dormant.getAs(RECOMMENDATION),
                "regenerated text, not the stored one (the change does not alter the wording)");
        assertEquals("run-2", dormant.getAs(RUN_ID));

        // A different provider on the stored row: regenerated too.
        Dataset<Row> otherProvider = published(first.values(), r -> RowFactory.create(r.getString(0), "stored",
                "stored", "bedrock", r.getString(4), r.getString(5), r.getDate(6), r.getString(7)));
        Map<String, Row> third = byAccount(new AccountInsights(LOCAL)
                .build(history, enriched(), AS_OF, "run-3", Optional.of(otherProvider)));
        for (Row r : third.values()) {
            assertEquals(false, r.getAs(AccountInsights.REUSED), r.getString(0));
            assertEquals(first.get(r.getString(0)).<String>getAs(RECOMMENDATION), r.getAs(RECOMMENDATION));
        }

        // A changed transcript (TALKY's e-mail reworded): only TALKY is regenerated.
        Dataset<Row> reworded = enriched().withColumn(TRANSCRIPT_BODY,
                org.apache.spark.sql.functions.when(col(INTERACTION_ID).equalTo("I-2"), lit("Refund received, thank you."))
                        .otherwise(col(TRANSCRIPT_BODY)));
        Map<String, Row> fourth = byAccount(new AccountInsights(LOCAL)
                .build(history, reworded, AS_OF, "run-4", Optional.of(published)));
        assertEquals(false, fourth.get("TALKY").getAs(AccountInsights.REUSED));
        assertNotEquals(first.get("TALKY").<String>getAs(INPUT_HASH), fourth.get("TALKY").getAs(INPUT_HASH));
        assertEquals(true, fourth.get("DORMANT").getAs(AccountInsights.REUSED));
        assertEquals("stored recommendation for DORMANT", fourth.get("DORMANT").getAs(RECOMMENDATION));
    }

    @Test
    void contextCarriesEveryMetricOfTheScoredRow() {
        Map<String, Row> rows = withInteractions(history(1L)).where(col(AS_OF_DATE).equalTo(lit(date("2026-11-25"))))
                .collectAsList().stream().collect(Collectors.toMap(r -> r.getAs(ACCOUNT_ID), r -> r));
        Row row = rows.get("DORMANT");
        AccountContext ctx = AccountInsights.context(row);

        assertEquals("DORMANT", ctx.accountId());
        assertEquals("Retail", ctx.industry());
        assertEquals("standard", ctx.tier());
        assertEquals(RiskTier.AT_RISK, ctx.riskTier());
        assertEquals(row.<Double>getAs(HEALTH_SCORE), ctx.healthScore(), 0.0);
        assertEquals(52.1, ctx.healthScore(), 0.0);
        for (Signal s : Signal.values()) {
            assertEquals(row.<Double>getAs(s.pointsColumn()), ctx.points().get(s), s.toString());
        }
        assertEquals(0.0, ctx.points().get(Signal.RECENCY), 0.0);
        int tenure = (int) ChronoUnit.DAYS.between(LocalDate.parse("2024-03-15"), AS_OF);
        assertEquals(new AccountMetrics(tenure, 40L, 6L, 10, 245.5, 0.0125, 120, 0.1, -0.35, 7L, 1L, 2L, 4L, 3L,
                "onboarding", LocalDate.parse("2027-01-31"), false), ctx.metrics());
        assertEquals(LocalDate.parse("2027-01-31"), ctx.metrics().subscriptionEndDate());
        assertEquals(List.of(new InteractionFact(Instant.parse("2026-07-01T09:30:00Z"), "email", 0.1, "onboarding",
                DORMANT_BODY.substring(0, AccountInsights.EXCERPT_CHARS))), ctx.interactions());

        String recommendation = LOCAL.get().generate(ctx).recommendation();
        assertTrue(recommendation.startsWith("DORMANT (retail, standard) is at risk at 52.1/100; the biggest gaps are "
                + "days since last active (0"), recommendation);
        assertTrue(recommendation.contains("before the renewal on 2027-01-31."), recommendation);

        AccountContext quiet = AccountInsights.context(rows.get("QUIET"));
        assertEquals(List.of(), quiet.interactions());
        assertNull(quiet.metrics().subscriptionEndDate());
        assertNull(quiet.metrics().avgSentiment());
        assertEquals("none", quiet.metrics().topComplaintCategory());
        assertEquals(0L, quiet.metrics().totalInteractions());
        assertFalse(LOCAL.get().generate(quiet).recommendation().contains("renewal"));
    }

    // ------------------------------------------------------------------ fixtures

    /**
     * ACCOUNT_HEALTH_HISTORY of three accounts on 11-18 and 11-25 (metrics on 11-25 only): TALKY with transcripts,
     * QUIET with usage but no transcripts (dormant, open-ended), DORMANT unused for 120 days with a renewal date.
     */
    private static Dataset<Row> history(long dormantTickets) {
        Dataset<Row> staged = frame(STAGED_ACCOUNTS,
                account("TALKY", "2024-01-01", null, false),
                account("QUIET", "2024-01-01", null, false),
                account("DORMANT", "2024-03-15", "2027-01-31", false));
        Dataset<Row> usage = frame(USAGE_METRICS,
                usage("TALKY", "2026-11-25", 80L, 5L, 9, 600.0, 0.02, 1),
                usage("QUIET", "2026-11-25", 40L, 3L, 10, 120.0, 0.0, 100),
                usage("DORMANT", "2026-11-25", 40L, 6L, 10, 245.5, 0.0125, 120));
        Dataset<Row> interactions = frame(INTERACTION_METRICS,
                interactions("TALKY", "2026-11-25", -0.15, -0.6, 2L, 1L, 0L, 1L, 1L, "billing"),
                interactions("DORMANT", "2026-11-25", 0.1, -0.35, 7L, dormantTickets, 2L, 4L, 3L, "onboarding"));
        return new AccountHealthMart(new HealthColumns(HEALTH_MODEL))
                .build(staged, dates("2026-11-18", "2026-11-25"), usage, interactions, "run-1");
    }

    private static Dataset<Row> enriched() {
        return frame(ENRICHED,
                RowFactory.create("I-1", "TALKY", ts("2026-11-10T08:00:00Z"), "support_ticket",
                        "We were charged twice on the last invoice.", -0.6, "billing"),
                RowFactory.create("I-2", "TALKY", ts("2026-11-20T16:45:00Z"), "email",
                        "Thanks, the refund arrived.", 0.3, "billing"),
                RowFactory.create("I-3", "DORMANT", ts("2026-07-01T09:30:00Z"), "email", DORMANT_BODY, 0.1,
                        "onboarding"));
    }

    /** History rows joined with their interactions the way {@link AccountInsights#build} hands them over. */
    private static Dataset<Row> withInteractions(Dataset<Row> history) {
        Dataset<Row> grouped = enriched().groupBy(col(ACCOUNT_ID)).agg(collect_list(struct(col(TIMESTAMP),
                col(INTERACTION_TYPE), col(SENTIMENT_SCORE), col(COMPLAINT_CATEGORY),
                substring(col(TRANSCRIPT_BODY), 1, AccountInsights.EXCERPT_CHARS).as("excerpt"))).as("_interactions"));
        return history.join(grouped, new String[]{ACCOUNT_ID}, "left");
    }

    private static Dataset<Row> published(Iterable<Row> insights, UnaryOperator<Row> edit) {
        List<Row> rows = new ArrayList<>();
        for (Row r : insights) {
            rows.add(edit.apply(RowFactory.create(r.getAs(ACCOUNT_ID), r.getAs(RECOMMENDATION), r.getAs(TRANSCRIPT_SUMMARY),
                    r.getAs(PROVIDER), r.getAs(MODEL), r.getAs(INPUT_HASH), r.getAs(AS_OF_DATE), r.getAs(RUN_ID))));
        }
        return SharedSpark.spark().createDataFrame(rows, SparkTypes.schema(Tables.ACCOUNT_INSIGHTS));
    }

    private static Map<String, Row> byAccount(Dataset<Row> insights) {
        return insights.collectAsList().stream().collect(Collectors.toMap(r -> r.getAs(ACCOUNT_ID), r -> r));
    }
}
