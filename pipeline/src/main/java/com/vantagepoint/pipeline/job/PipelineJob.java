package com.vantagepoint.pipeline.job;

import com.vantagepoint.scoring.catalog.Tables;
import com.typesafe.config.Config;
import com.vantagepoint.pipeline.enrich.AnalyzerFactory;
import com.vantagepoint.pipeline.enrich.AnalyzerHolder;
import com.vantagepoint.pipeline.enrich.CacheKey;
import com.vantagepoint.pipeline.enrich.EnrichmentUsage;
import com.vantagepoint.pipeline.enrich.TranscriptEnricher;
import com.vantagepoint.pipeline.intermediate.InteractionMetrics;
import com.vantagepoint.pipeline.intermediate.UsageMetrics;
import com.vantagepoint.pipeline.marts.AccountHealthMart;
import com.vantagepoint.pipeline.marts.AccountInsights;
import com.vantagepoint.pipeline.marts.HealthColumns;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.pipeline.source.RawSource;
import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.AccountsStaging;
import com.vantagepoint.pipeline.staging.AsOf;
import com.vantagepoint.pipeline.staging.OpportunitiesStaging;
import com.vantagepoint.pipeline.staging.QualityChecks;
import com.vantagepoint.pipeline.staging.QualityChecks.Accepted;
import com.vantagepoint.pipeline.staging.QualityChecks.Relationship;
import com.vantagepoint.pipeline.staging.Rejects;
import com.vantagepoint.pipeline.staging.SourceCounts;
import com.vantagepoint.pipeline.staging.StagedSource;
import com.vantagepoint.pipeline.staging.TranscriptsStaging;
import com.vantagepoint.pipeline.staging.UsageStaging;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.RunOutputs;
import com.vantagepoint.pipeline.warehouse.RunRecord;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.insight.BedrockInsightGenerator;
import com.vantagepoint.scoring.insight.LocalInsightGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.io.PrintStream;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.lit;

/**
 * The {@code run} job: source → staging → enrichment → intermediate metrics → marts → publish, for one as-of
 * date and its weekly history, in one Spark application. Each source is read and staged once, transcripts are
 * enriched once (up to the latest as-of), and the metrics of every as-of date come out of one aggregation.
 */
public final class PipelineJob {
    public static final String PROMPT_VERSION_NONE = "none";

    private final SparkSession spark;
    private final Config config;
    private final RawSource source;
    private final MartPublisher publisher;
    private final AnalyzerFactory analyzers;
    private final PrintStream out;
    private final Clock clock;
    private final long sparkStartupMillis;

    /**
     * @param config             the resolved {@code vantagepoint} configuration
     * @param sparkStartupMillis time it took to start Spark (reported as a stage)
     */
    public PipelineJob(SparkSession spark, Config config, RawSource source, MartPublisher publisher,
                       AnalyzerFactory analyzers, PrintStream out, Clock clock, long sparkStartupMillis) {
        this.spark = spark;
        this.config = config;
        this.source = source;
        this.publisher = publisher;
        this.analyzers = analyzers;
        this.out = out;
        this.clock = clock;
        this.sparkStartupMillis = sparkStartupMillis;
    }

    /** What a published run produced (for the CLI and tests). */
    public record Result(String runId, List<LocalDate> scoredDates, Map<SourceName, SourceCounts> counts,
                         List<QualityChecks.Result> checks, Map<String, Long> tierCounts, Map<String, Long> timings) {
    }

    /**
     * Runs and publishes. @throws RunFailedException when a source exceeds the reject threshold or a stage
     * fails; the failure is recorded in PIPELINE_RUNS and nothing is published
     */
    public Result run(LocalDate asOf, int historyWeeks) {
        Instant startedAt = clock.instant();
        String runId = RunIds.next(startedAt);
        StageTimer timer = new StageTimer(out);
        timer.record("spark_startup", sparkStartupMillis);
        List<LocalDate> dates = AsOf.dates(asOf, historyWeeks);
        HealthModel model = HealthModel.fromConfig(config.getConfig("scoring"));
        TranscriptAnalyzer driverAnalyzer = AnalyzerHolder.get(analyzers);
        Provenance provenance = new Provenance(model.definitionHash(), driverAnalyzer.model(),
                promptVersion(driverAnalyzer), codeVersion());
        CacheKey cacheKey = new CacheKey(driverAnalyzer.provider(), driverAnalyzer.model(), provenance.promptVersion());
        EnrichmentUsage ai = EnrichmentUsage.register(spark.sparkContext());
        out.printf("[run] %s as of %s (%d dates: %s .. %s), input %s%n", runId, asOf, dates.size(), dates.get(0),
                asOf, source.uri());

        List<StagedSource> staged = new ArrayList<>();
        List<Dataset<Row>> cached = new ArrayList<>();
        Map<SourceName, SourceCounts> counts = new EnumMap<>(SourceName.class);
        try {
            Staged s = timer.time("staging", () -> stage(asOf));
            staged.addAll(List.of(s.accounts, s.opportunities, s.usage, s.transcripts));
            staged.forEach(st -> counts.put(st.source(), st.counts()));
            RunReport.printCounts(out, counts);
            Dataset<Row> rejects = staged.stream().map(st -> st.rejects(runId, startedAt))
                    .reduce(Dataset::unionByName).orElseThrow();
            failOverThreshold(runId, asOf, historyWeeks, startedAt, counts, timer, provenance, rejects);

            Dataset<Row> enrichedWithKeys = timer.time("enrichment", () -> {
                Dataset<Row> inWindow = s.transcripts.staged().where(AsOf.within(col(Columns.TIMESTAMP),
                        lit(Date.valueOf(asOf))));
                boolean reenrich = config.getBoolean("enrichment.reenrich");
                Optional<Dataset<Row>> cache = reenrich ? Optional.empty()
                        : publisher.readPublished(spark, Tables.ENRICHMENT_CACHE);
                Dataset<Row> e = new TranscriptEnricher(analyzers, ai)
                        .enrichIncrementally(inWindow, cache, cacheKey).persist();
                long n = e.count();
                RunReport.printEnrichment(out, n, cacheKey, reenrich, ai.totals());
                return e;
            });
            cached.add(enrichedWithKeys);
            Dataset<Row> enriched = enrichedWithKeys.drop(Columns.BODY_SHA256, TranscriptEnricher.FROM_CACHE);

            Dataset<Row> history = timer.time("metrics_and_marts", () -> {
                Dataset<Row> asOfDates = AsOf.frame(spark, dates);
                Dataset<Row> usage = UsageMetrics.compute(s.usage.staged(), asOfDates);
                Dataset<Row> interactions = InteractionMetrics.compute(enriched, asOfDates,
                        model.negativeSentimentThreshold());
                Dataset<Row> h = new AccountHealthMart(new HealthColumns(model))
                        .build(s.accounts.staged(), asOfDates, usage, interactions, runId).persist();
                out.printf("[run] scored %d account-dates%n", h.count());
                return h;
            });
            cached.add(history);

            Dataset<Row> insights = timer.time("insights", () -> {
                Dataset<Row> i = new AccountInsights(insightGenerators(config))
                        .build(history, enriched, asOf, runId,
                                publisher.readPublished(spark, Tables.ACCOUNT_INSIGHTS))
                        .persist();
                Row n = i.agg(org.apache.spark.sql.functions.count(lit(1)),
                        org.apache.spark.sql.functions.count(org.apache.spark.sql.functions.when(
                                col(AccountInsights.REUSED), 1))).first();
                out.printf("[run] insights for %d accounts (%d reused from the published run)%n", n.getLong(0),
                        n.getLong(1));
                return i;
            });
            cached.add(insights);

            List<QualityChecks.Result> checks = timer.time("quality_checks", () -> qualityChecks(s, history));
            RunReport.printChecks(out, checks);
            Map<String, Long> tiers = tierCounts(history, asOf);
            RunReport.printTiers(out, asOf, tiers);

            Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
            tables.put(Tables.ACCOUNT_HEALTH_HISTORY, history);
            tables.put(Tables.INTERACTION_TRANSCRIPTS_ENRICHED, enriched.withColumn(Columns.RUN_ID, lit(runId)));
            tables.put(Tables.ACCOUNT_INSIGHTS, insights.drop(AccountInsights.REUSED));
            tables.put(Tables.REJECTED_RECORDS, rejects);
            tables.put(Tables.DATA_QUALITY_CHECKS, QualityChecks.toFrame(spark, runId, checks));
            tables.put(Tables.ENRICHMENT_CACHE, newCacheEntries(enrichedWithKeys, provenance.promptVersion(), runId));

            timer.time("publish", () -> {
                RunRecord record = record(runId, asOf, historyWeeks, RunRecord.STATUS_PUBLISHED, startedAt, counts,
                        timer.millis(), checks, provenance, ai.totals(), null);
                publisher.publish(new RunOutputs(record, tables, new LinkedHashSet<>(dates)));
                return null;
            });
            RunReport.printTimings(out, timer.millis());
            out.printf("[run] %s published%n", runId);
            return new Result(runId, dates, counts, checks, tiers, timer.millis());
        } catch (RunFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines()
                    .findFirst().orElse("");
            RunFailedException failure = new RunFailedException(runId, message, e);
            try {
                publisher.recordFailedRun(record(runId, asOf, historyWeeks, RunRecord.STATUS_FAILED, startedAt,
                        counts, timer.millis(), List.of(), provenance, ai.totals(), message), Optional.empty());
            } catch (RuntimeException recordFailure) {
                failure.addSuppressed(recordFailure);
            }
            throw failure;
        } finally {
            cached.forEach(Dataset::unpersist);
            staged.forEach(StagedSource::release);
        }
    }

    private record Staged(StagedSource accounts, StagedSource opportunities, StagedSource usage,
                          StagedSource transcripts) {
    }

    private record Provenance(String scoringConfigHash, String analyzerVersion, String promptVersion,
                              String codeVersion) {
    }

    private Staged stage(LocalDate asOf) {
        Config accepted = config.getConfig("quality.accepted");
        StagedSource accounts = progress(() -> new AccountsStaging(accepted.getStringList("account-tier"))
                .stage(source.lines(spark, SourceName.ACCOUNTS)));
        StagedSource opportunities = progress(() -> new OpportunitiesStaging(accepted.getStringList("opportunity-stage"))
                .stage(source.lines(spark, SourceName.OPPORTUNITIES), accounts.staged()));
        StagedSource usage = progress(() -> new UsageStaging()
                .stage(source.lines(spark, SourceName.USAGE_LOGS), accounts.staged(), asOf));
        StagedSource transcripts = progress(() -> new TranscriptsStaging(accepted.getStringList("interaction-type"))
                .stage(source.lines(spark, SourceName.TRANSCRIPTS), accounts.staged(), opportunities.staged(), asOf));
        return new Staged(accounts, opportunities, usage, transcripts);
    }

    /** Stages one source and prints a progress line with its counts. */
    private StagedSource progress(java.util.function.Supplier<StagedSource> staging) {
        long start = System.nanoTime();
        StagedSource staged = staging.get();
        SourceCounts c = staged.counts();
        out.printf("[run]   %s: %d read, %d staged, %d rejected (%.1f s)%n", c.source().label(), c.read(), c.staged(),
                c.rejected(), (System.nanoTime() - start) / 1e9);
        out.flush();
        return staged;
    }

    private void failOverThreshold(String runId, LocalDate asOf, int historyWeeks, Instant startedAt,
                                   Map<SourceName, SourceCounts> counts, StageTimer timer, Provenance provenance,
                                   Dataset<Row> rejects) {
        double maxShare = config.getDouble("quality.max-reject-share");
        List<String> over = counts.values().stream().filter(c -> c.rejectShare() > maxShare)
                .map(c -> String.format("%s rejected %d of %d records (%.1f %%, duplicates not counted)",
                        c.source().label(), c.rejectedExcludingDuplicates(), c.read(), 100 * c.rejectShare()))
                .toList();
        String message;
        if (counts.get(SourceName.ACCOUNTS).staged() == 0) {
            // An empty or mistyped input must not publish empty marts over good ones.
            message = "no valid accounts under " + source.uri() + "/" + SourceName.ACCOUNTS.relativePath();
        } else if (!over.isEmpty()) {
            message = String.join("; ", over) + String.format(" - over quality.max-reject-share %.1f %%",
                    100 * maxShare);
        } else {
            return;
        }
        RunRecord record = record(runId, asOf, historyWeeks, RunRecord.STATUS_FAILED, startedAt, counts,
                timer.millis(), List.of(), provenance, EnrichmentUsage.Totals.ZERO, message);
        publisher.recordFailedRun(record, Optional.of(rejects));
        out.printf("[run] %s failed: %s%n", runId, message);
        throw new RunFailedException(runId, message);
    }

    private List<QualityChecks.Result> qualityChecks(Staged s, Dataset<Row> history) {
        Config accepted = config.getConfig("quality.accepted");
        Dataset<Row> accounts = s.accounts.staged();
        String accountsTable = SourceName.ACCOUNTS.label();
        Relationship toAccounts = new Relationship(Columns.ACCOUNT_ID, accountsTable, accounts, Columns.ACCOUNT_ID);
        return new QualityChecks()
                .table(accountsTable, accounts, Columns.ACCOUNT_ID,
                        List.of(new Accepted(Columns.TIER, accepted.getStringList("account-tier"), false)), List.of())
                .table(SourceName.OPPORTUNITIES.label(), s.opportunities.staged(), Columns.OPPORTUNITY_ID,
                        List.of(new Accepted(Columns.STAGE, accepted.getStringList("opportunity-stage"), false)),
                        List.of(toAccounts))
                .table(SourceName.USAGE_LOGS.label(), s.usage.staged(), Columns.SESSION_ID,
                        List.of(new Accepted(Columns.FEATURE_USED, config.getStringList("features"), true)),
                        List.of(toAccounts))
                .table(SourceName.TRANSCRIPTS.label(), s.transcripts.staged(), Columns.INTERACTION_ID,
                        List.of(new Accepted(Columns.INTERACTION_TYPE, accepted.getStringList("interaction-type"), false)),
                        List.of(toAccounts))
                .table(Tables.ACCOUNT_HEALTH_HISTORY,
                        history.withColumn("account_id_as_of_date",
                                concat_ws("|", col(Columns.ACCOUNT_ID), col(Columns.AS_OF_DATE).cast("string"))),
                        "account_id_as_of_date",
                        List.of(new Accepted(Columns.RISK_TIER, java.util.Arrays.stream(RiskTier.values())
                                .map(RiskTier::label).toList(), false)), List.of())
                .results();
    }

    private Map<String, Long> tierCounts(Dataset<Row> history, LocalDate asOf) {
        Map<String, Long> tiers = new LinkedHashMap<>();
        for (RiskTier tier : RiskTier.values()) {
            tiers.put(tier.label(), 0L);
        }
        for (Row row : history.where(col(Columns.AS_OF_DATE).equalTo(lit(Date.valueOf(asOf))))
                .groupBy(Columns.RISK_TIER).count().collectAsList()) {
            tiers.put(row.getString(0), row.getLong(1));
        }
        return tiers;
    }

    /**
     * New cache entries: results the analyzer gave in this run (not cache hits) that are worth reusing (not
     * fallbacks: a Bedrock run's fallback rows carry the local provider and are cached nowhere), one per
     * (body hash, provider, model, prompt version). Under {@code --reenrich} they replace the published ones.
     */
    private static Dataset<Row> newCacheEntries(Dataset<Row> enriched, String promptVersion, String runId) {
        return enriched
                .where(col(TranscriptEnricher.FROM_CACHE).equalTo(lit(false))
                        .and(col(Columns.ENRICHMENT_STATUS).notEqual(Columns.STATUS_FALLBACK)))
                .select(col(Columns.BODY_SHA256),
                        col(Columns.PROVIDER), col(Columns.MODEL),
                        lit(promptVersion).as(Columns.PROMPT_VERSION),
                        col(Columns.SENTIMENT_SCORE), col(Columns.COMPLAINT_CATEGORY),
                        col(Columns.CATEGORY_CONFIDENCE), col(Columns.ENRICHMENT_STATUS),
                        lit(runId).as("created_run_id"))
                .dropDuplicates(Columns.BODY_SHA256, Columns.PROVIDER, Columns.MODEL,
                        Columns.PROMPT_VERSION);
    }

    /**
     * The insight generator of the configuration ({@code enrichment.provider}): the local one, sized from the health
     * model's weights, or Bedrock's (one per executor JVM) falling back to the local one.
     */
    private static AccountInsights.GeneratorFactory insightGenerators(Config config) {
        String scoring = config.getConfig("scoring").root().render(com.typesafe.config.ConfigRenderOptions.concise());
        boolean bedrock = "bedrock".equalsIgnoreCase(config.getString("enrichment.provider").trim());
        String root = config.root().render(com.typesafe.config.ConfigRenderOptions.concise());
        if (bedrock) {
            return () -> BedrockInsightGenerator.shared(com.typesafe.config.ConfigFactory.parseString(root),
                    () -> LocalInsightGenerator.fromConfig(com.typesafe.config.ConfigFactory.parseString(scoring)));
        }
        return () -> LocalInsightGenerator.fromConfig(com.typesafe.config.ConfigFactory.parseString(scoring));
    }

    private RunRecord record(String runId, LocalDate asOf, int historyWeeks, String status, Instant startedAt,
                             Map<SourceName, SourceCounts> counts, Map<String, Long> timings,
                             List<QualityChecks.Result> checks, Provenance p, EnrichmentUsage.Totals ai,
                             String error) {
        return new RunRecord(runId, asOf, status, startedAt, clock.instant(), historyWeeks, source.uri(),
                RunReport.countsJson(counts), RunReport.timingsJson(timings), RunReport.checksJson(checks),
                ai.calls(), ai.retries(), ai.fallbacks(), ai.cacheHits(), ai.inputTokens(), ai.outputTokens(),
                ai.estimatedCostUsd(),
                p.scoringConfigHash(), p.analyzerVersion(), p.promptVersion(), p.codeVersion(), error);
    }

    private String promptVersion(TranscriptAnalyzer analyzer) {
        return "bedrock".equals(analyzer.provider())
                ? config.getString("enrichment.bedrock.prompt-version") : PROMPT_VERSION_NONE;
    }

    /** The jar's Implementation-Version, or {@code dev} when running from classes. */
    static String codeVersion() {
        String version = PipelineJob.class.getPackage().getImplementationVersion();
        return version == null || version.isBlank() ? "dev" : version;
    }
}
