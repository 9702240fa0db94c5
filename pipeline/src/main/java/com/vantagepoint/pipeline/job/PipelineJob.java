package com.vantagepoint.pipeline.job;

import com.vantagepoint.scoring.catalog.Tables;
import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.vantagepoint.pipeline.alerts.Alert;
import com.vantagepoint.pipeline.alerts.AlertSettings;
import com.vantagepoint.pipeline.alerts.AlertWebhook;
import com.vantagepoint.pipeline.alerts.Alerts;
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
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.pipeline.source.RawFile;
import com.vantagepoint.pipeline.source.RawSource;
import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.spark.ConcurrentJobs;
import com.vantagepoint.pipeline.staging.AccountsStaging;
import com.vantagepoint.pipeline.staging.AsOf;
import com.vantagepoint.pipeline.staging.OpportunitiesStaging;
import com.vantagepoint.pipeline.staging.QualityChecks;
import com.vantagepoint.pipeline.staging.QualityChecks.Accepted;
import com.vantagepoint.pipeline.staging.QualityChecks.Relationship;
import com.vantagepoint.pipeline.staging.QualityChecks.TableChecks;
import com.vantagepoint.pipeline.staging.RecordChecks;
import com.vantagepoint.pipeline.staging.Rejects;
import com.vantagepoint.pipeline.staging.SourceCounts;
import com.vantagepoint.pipeline.staging.StagedLayer;
import com.vantagepoint.pipeline.staging.StagedSource;
import com.vantagepoint.pipeline.staging.TranscriptsStaging;
import com.vantagepoint.pipeline.staging.UsageStaging;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.RunOutputs;
import com.vantagepoint.pipeline.warehouse.RunRecord;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.insight.BedrockInsightGenerator;
import com.vantagepoint.scoring.cli.BuildInfo;
import com.vantagepoint.scoring.config.Digests;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.insight.LocalInsightGenerator;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.io.PrintStream;
import java.sql.Date;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat_ws;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.when;

/**
 * The {@code run} job: source → staging → enrichment → intermediate metrics → marts → publish, for one as-of
 * date and its weekly history, in one Spark application. Each source is read and staged once, transcripts are
 * enriched once (up to the latest as-of), and the metrics of every as-of date come out of one aggregation.
 */
public final class PipelineJob {
    public static final String PROMPT_VERSION_NONE = "none";

    private final SparkSession spark;
    private final PipelineSettings settings;
    private final RawSource source;
    private final MartPublisher publisher;
    private final AnalyzerFactory analyzers;
    private final PrintStream out;
    private final Clock clock;
    private final long sparkStartupMillis;

    /** @param sparkStartupMillis time it took to start Spark (reported as a stage) */
    public PipelineJob(SparkSession spark, PipelineSettings settings, RawSource source, MartPublisher publisher,
                       AnalyzerFactory analyzers, PrintStream out, Clock clock, long sparkStartupMillis) {
        this.spark = spark;
        this.settings = settings;
        this.source = source;
        this.publisher = publisher;
        this.analyzers = analyzers;
        this.out = out;
        this.clock = clock;
        this.sparkStartupMillis = sparkStartupMillis;
    }

    /** What a published run produced (for the CLI and tests). */
    /**
     * @param files          raw files parsed, reused from the staged layer and ignored
     * @param unchangedSince when the run was skipped (--skip-unchanged): the published run with the same input
     */
    public record Result(String runId, List<LocalDate> scoredDates, Map<SourceName, SourceCounts> counts,
                         List<QualityChecks.Result> checks, Map<String, Long> tierCounts, Map<String, Long> timings,
                         List<Alert> alerts, FileCounts files, Optional<String> unchangedSince) {
    }

    /** Raw files a run parsed, read from the staged layer instead, and left alone (not raw data). */
    public record FileCounts(long parsed, long reused, long ignored) {
        static final FileCounts NONE = new FileCounts(0, 0, 0);
    }

    /**
     * Runs and publishes the settings' as-of date and history. @throws RunFailedException when a source exceeds
     * the reject threshold or a stage fails; the failure is recorded in PIPELINE_RUNS and nothing is published
     */
    public Result run() {
        RunState run = start();
        try {
            run.inputs = inputs();
            run.fingerprint = fingerprint(run.provenance, run.dates, run.inputs.files());
            Optional<Result> skipped = skipIfUnchanged(run);
            if (skipped.isPresent()) {
                return skipped.get();
            }
            Staged staged = stage(run);
            Enriched enriched = enrich(run, staged);
            Dataset<Row> history = run.timer.time("metrics_and_marts",
                    () -> score(run, staged, metrics(run, staged, enriched)));
            Audited audited = ConcurrentJobs.both(() -> insights(run, history, enriched),
                    () -> run.timer.time("quality_checks", () -> qualityChecks(staged, history)), Audited::new);
            Dataset<Row> insights = audited.insights();
            List<QualityChecks.Result> checks = audited.checks();
            RunReport.printChecks(out, checks);
            Map<String, Long> tiers = tiers(history);
            publish(run, checks, tables(run, staged, enriched, history, insights, checks));
            List<Alert> alerts = alert(run);
            return new Result(run.runId, run.dates, run.counts, checks, tiers, run.timer.millis(), alerts, run.files,
                    Optional.empty());
        } catch (RunFailedException e) {
            throw e;
        } catch (RuntimeException e) {
            throw recordFailure(run, e);
        } finally {
            run.release();
        }
    }

    /** One run's identity and provenance, what it has counted so far, and the frames it must release. */
    private static final class RunState {
        final String runId;
        final Instant startedAt;
        final List<LocalDate> dates;
        final Dataset<Row> asOfDates;
        final StageTimer timer;
        final Provenance provenance;
        final CacheKey cacheKey;
        final EnrichmentUsage ai;
        final Map<SourceName, SourceCounts> counts = new EnumMap<>(SourceName.class);
        Inputs inputs;
        Optional<String> fingerprint = Optional.empty();
        FileCounts files = FileCounts.NONE;
        private final List<StagedSource> staged = new ArrayList<>();
        private final List<Dataset<Row>> cached = new ArrayList<>();

        RunState(String runId, Instant startedAt, List<LocalDate> dates, Dataset<Row> asOfDates, StageTimer timer,
                 Provenance provenance, CacheKey cacheKey, EnrichmentUsage ai) {
            this.runId = runId;
            this.startedAt = startedAt;
            this.dates = dates;
            this.asOfDates = asOfDates;
            this.timer = timer;
            this.provenance = provenance;
            this.cacheKey = cacheKey;
            this.ai = ai;
        }

        void hold(StagedSource source) {
            staged.add(source);
            counts.put(source.source(), source.counts());
        }

        /** A persisted frame, unpersisted when the run ends. */
        Dataset<Row> cache(Dataset<Row> persisted) {
            cached.add(persisted);
            return persisted;
        }

        void release() {
            cached.forEach(Dataset::unpersist);
            staged.forEach(StagedSource::release);
        }
    }

    private record Provenance(String scoringConfigHash, String analyzerVersion, String promptVersion,
                              String codeVersion) {
    }

    /** How a run ended, for its PIPELINE_RUNS row. */
    private record Outcome(String status, List<QualityChecks.Result> checks, EnrichmentUsage.Totals ai, String error) {
        static Outcome published(List<QualityChecks.Result> checks, EnrichmentUsage.Totals ai) {
            return new Outcome(RunRecord.STATUS_PUBLISHED, checks, ai, null);
        }

        static Outcome failed(String error, EnrichmentUsage.Totals ai) {
            return new Outcome(RunRecord.STATUS_FAILED, List.of(), ai, error);
        }
    }

    record Staged(StagedSource accounts, StagedSource opportunities, StagedSource usage,
                  StagedSource transcripts, FileCounts files) {
        List<StagedSource> all() {
            return List.of(accounts, opportunities, usage, transcripts);
        }

        /**
         * Every source's rejects not yet in REJECTED_RECORDS ({@code recorded}); those of a source read from
         * elsewhere than the input name where in the detail.
         */
        Dataset<Row> rejects(String runId, Instant rejectedAt, RawSource from, Optional<Dataset<Row>> recorded) {
            return Rejects.notYetRecorded(all().stream().map(s -> from.origin(s.source())
                            .map(origin -> Rejects.withOrigin(s.rejects(runId, rejectedAt), origin))
                            .orElseGet(() -> s.rejects(runId, rejectedAt)))
                    .reduce(Dataset::unionByName).orElseThrow(), recorded);
        }
    }

    /** What a run reads: each source's raw files (empty for a source read from a table), and what it ignores. */
    record Inputs(Map<SourceName, Optional<List<RawFile>>> files, List<String> ignored) {
    }

    /** The staging of each source, configured once: its rules are both applied and fingerprinted. */
    private record Stagings(AccountsStaging accounts, OpportunitiesStaging opportunities, UsageStaging usage,
                            TranscriptsStaging transcripts) {
        List<String> ruleVersions() {
            return List.of(accounts.checks().version(AccountsStaging.RAW_SCHEMA),
                    opportunities.checks().version(OpportunitiesStaging.RAW_SCHEMA),
                    usage.checks().version(UsageStaging.RAW_SCHEMA),
                    transcripts.checks().version(TranscriptsStaging.RAW_SCHEMA));
        }
    }

    /** Enriched transcripts: with the columns the enrichment cache needs, and as published. */
    private record Enriched(Dataset<Row> withCacheColumns, Dataset<Row> transcripts) {
    }

    private record Metrics(Dataset<Row> usage, Dataset<Row> interactions) {
    }

    /**
     * The insights and the data-quality checks: both need only the staged sources and the scored history, so they
     * run side by side (their progress lines interleave).
     */
    private record Audited(Dataset<Row> insights, List<QualityChecks.Result> checks) {
    }

    private RunState start() {
        Instant startedAt = clock.instant();
        StageTimer timer = new StageTimer(out);
        timer.record("spark_startup", sparkStartupMillis);
        TranscriptAnalyzer analyzer = AnalyzerHolder.get(analyzers);
        Provenance provenance = new Provenance(settings.healthModel().definitionHash(), analyzer.model(),
                promptVersion(), codeVersion());
        List<LocalDate> dates = settings.dates();
        RunState run = new RunState(RunIds.next(startedAt), startedAt, dates, AsOf.frame(spark, dates), timer,
                provenance, new CacheKey(analyzer.provider(), analyzer.model(), provenance.promptVersion()),
                EnrichmentUsage.register(spark.sparkContext()));
        out.printf("[run] %s as of %s (%d dates: %s .. %s), input %s%n", run.runId, settings.asOf(), dates.size(),
                dates.get(0), settings.asOf(), source.uri());
        return run;
    }

    /** Stages every source once; fails the run when the sources are not good enough to publish. */
    private Staged stage(RunState run) {
        Staged staged = run.timer.time("staging", () -> stageSources(run.inputs));
        staged.all().forEach(run::hold);
        run.files = staged.files();
        RunReport.printCounts(out, run.counts);
        RunReport.printFiles(out, run.files);
        RunReport.printIgnoredFiles(out, run.inputs.ignored());
        failOverThreshold(run, staged, rejectFailure(run.counts));
        failOverThreshold(run, staged, volumeFailure(run));
        return staged;
    }

    /**
     * The accounts first (every other source is related to them); then opportunities followed by transcripts (which
     * are related to both) beside usage, on two driver threads. Progress lines come in source order.
     */
    Staged stageSources(Inputs inputs) {
        Stagings stagings = stagings();
        LocalDate asOf = settings.asOf();
        FileTally tally = new FileTally(inputs.ignored().size());
        TimedStaging accounts = stage(inputs, tally, SourceName.ACCOUNTS, stagings.accounts().checks(),
                AccountsStaging.RAW_SCHEMA, checked -> stagings.accounts().stageChecked(checked, asOf));
        printProgress(accounts);
        Dataset<Row> stagedAccounts = accounts.source().staged();
        record Lanes(TimedStaging opportunities, TimedStaging transcripts, TimedStaging usage) {
        }
        Lanes lanes = ConcurrentJobs.both(
                () -> {
                    TimedStaging opportunities = stage(inputs, tally, SourceName.OPPORTUNITIES,
                            stagings.opportunities().checks(), OpportunitiesStaging.RAW_SCHEMA,
                            checked -> stagings.opportunities().stageChecked(checked, stagedAccounts));
                    Dataset<Row> stagedOpportunities = opportunities.source().staged();
                    return List.of(opportunities, stage(inputs, tally, SourceName.TRANSCRIPTS,
                            stagings.transcripts().checks(), TranscriptsStaging.RAW_SCHEMA,
                            checked -> stagings.transcripts().stageChecked(checked, stagedAccounts,
                                    stagedOpportunities, asOf)));
                },
                () -> stage(inputs, tally, SourceName.USAGE_LOGS, stagings.usage().checks(), UsageStaging.RAW_SCHEMA,
                        checked -> stagings.usage().stageChecked(checked, stagedAccounts, asOf)),
                (first, usage) -> new Lanes(first.get(0), first.get(1), usage));
        List.of(lanes.opportunities(), lanes.usage(), lanes.transcripts()).forEach(this::printProgress);
        return new Staged(accounts.source(), lanes.opportunities().source(), lanes.usage().source(),
                lanes.transcripts().source(), tally.counts());
    }

    /** One source's records checked and staged, timed. */
    private TimedStaging stage(Inputs inputs, FileTally tally, SourceName name, RecordChecks checks,
                               StructType rawSchema, Function<Dataset<Row>, StagedSource> stageChecked) {
        long start = System.nanoTime();
        StagedSource staged = stageChecked.apply(checked(inputs, name, checks, rawSchema, tally));
        return new TimedStaging(staged, (System.nanoTime() - start) / 1e9);
    }

    private Stagings stagings() {
        PipelineSettings.Accepted accepted = settings.accepted();
        return new Stagings(new AccountsStaging(accepted.accountTiers(), settings.ranges()),
                new OpportunitiesStaging(accepted.opportunityStages(), settings.ranges()),
                new UsageStaging(settings.ranges()),
                new TranscriptsStaging(accepted.interactionTypes(), settings.ranges()));
    }

    /** Counts the raw files as the sources are staged (sources are staged on more than one thread). */
    private static final class FileTally {
        private final long ignored;
        private long parsed;
        private long reused;

        FileTally(long ignored) {
            this.ignored = ignored;
        }

        synchronized void add(long parsedFiles, long reusedFiles) {
            parsed += parsedFiles;
            reused += reusedFiles;
        }

        synchronized FileCounts counts() {
            return new FileCounts(parsed, reused, ignored);
        }
    }

    /**
     * A source's records after the record-level checks: from the staged layer, which parses only new and changed
     * files, or (with {@code staged-layer.enabled = false}) parsed whole.
     */
    private Dataset<Row> checked(Inputs inputs, SourceName name, RecordChecks checks, StructType rawSchema,
                                 FileTally tally) {
        Optional<List<RawFile>> files = inputs.files().get(name);
        Optional<StagedLayer> layer = settings.stagedLayer();
        if (layer.isEmpty()) {
            tally.add(files.map(List::size).orElse(0), 0);
            return checks.apply(source.lines(spark, name), rawSchema);
        }
        StagedLayer.Update update = layer.get().update(spark, source, name, files, checks, rawSchema);
        tally.add(update.filesParsed(), update.filesReused());
        return update.checked();
    }

    /**
     * Lists every source's folder once (files read and ignored from one walk): the staged layer, the fingerprint and
     * the ignored-files report work from the same listing.
     */
    Inputs inputs() {
        Map<SourceName, Optional<List<RawFile>>> files = new EnumMap<>(SourceName.class);
        List<String> ignored = new ArrayList<>();
        for (SourceName name : SourceName.values()) {
            RawSource.Listing listing = source.list(spark, name);
            files.put(name, listing.files());
            ignored.addAll(listing.ignored());
        }
        return new Inputs(files, ignored);
    }

    /**
     * What decides the run's output apart from the warehouse's own state: every raw file's path, size and time, the
     * staging rules, the scoring and analysis provenance and the dates; empty when a source is a table.
     */
    private Optional<String> fingerprint(Provenance p, List<LocalDate> dates,
                                         Map<SourceName, Optional<List<RawFile>>> files) {
        StringBuilder text = new StringBuilder();
        for (Map.Entry<SourceName, Optional<List<RawFile>>> e : files.entrySet()) {
            if (e.getValue().isEmpty()) {
                return Optional.empty();
            }
            text.append(e.getKey().label()).append('\n');
            e.getValue().get().stream().sorted(Comparator.comparing(RawFile::path)).forEach(f -> text.append(f.path())
                    .append('|').append(f.size()).append('|').append(f.modifiedMillis()).append('\n'));
        }
        stagings().ruleVersions().forEach(v -> text.append(v).append('\n'));
        text.append(String.join("|", p.scoringConfigHash(), p.analyzerVersion(), p.promptVersion(), p.codeVersion(),
                settings.provider().name())).append('\n').append(dates);
        return Optional.of(Digests.sha256Hex(text.toString()));
    }

    /**
     * Says when the last published run for the same as-of date read the same input (same fingerprint); with
     * {@code --skip-unchanged} the run then ends here, publishing and recording nothing.
     */
    private Optional<Result> skipIfUnchanged(RunState run) {
        Optional<String> same = run.fingerprint.flatMap(this::lastPublishedRunWith);
        if (same.isEmpty()) {
            return Optional.empty();
        }
        long files = run.inputs.files().values().stream().mapToLong(f -> f.map(List::size).orElse(0)).sum();
        String unchanged = String.format("[run] input unchanged since %s (%d files, same rules, scoring and dates)",
                same.get(), files);
        if (!settings.incremental().skipUnchanged()) {
            out.println(unchanged + "; running anyway (--skip-unchanged would skip it)");
            return Optional.empty();
        }
        out.println(unchanged + ": nothing to publish (--skip-unchanged)");
        return Optional.of(new Result(run.runId, run.dates, Map.of(), List.of(), Map.of(), run.timer.millis(),
                List.of(), FileCounts.NONE, same));
    }

    /** The latest published run for the as-of date, when its input fingerprint is this one. */
    private Optional<String> lastPublishedRunWith(String fingerprint) {
        return publisher.readPublished(spark, Tables.PIPELINE_RUNS)
                .filter(runs -> Arrays.asList(runs.columns()).contains(Columns.INPUT_FINGERPRINT))
                .flatMap(runs -> runs.where(col(Columns.STATUS).equalTo(lit(RunRecord.STATUS_PUBLISHED))
                                .and(col(Columns.AS_OF_DATE).equalTo(lit(Date.valueOf(settings.asOf())))))
                        .orderBy(col(Columns.FINISHED_AT).desc())
                        .select(Columns.RUN_ID, Columns.INPUT_FINGERPRINT)
                        .limit(1).collectAsList().stream().findFirst())
                .filter(last -> fingerprint.equals(last.getString(1)))
                .map(last -> last.getString(0));
    }

    /** One source staged, and how long it took. */
    private record TimedStaging(StagedSource source, double seconds) {
    }

    /** A progress line with a staged source's counts. */
    private void printProgress(TimedStaging staging) {
        SourceCounts c = staging.source().counts();
        out.printf("[run]   %s: %d read, %d staged, %d rejected (%.1f s)%n", c.source().label(), c.read(), c.staged(),
                c.rejected(), staging.seconds());
        out.flush();
    }

    /** Records the run as failed, with its rejects, and throws when there is a reason not to publish it. */
    private void failOverThreshold(RunState run, Staged staged, Optional<String> failure) {
        if (failure.isEmpty()) {
            return;
        }
        String message = failure.get();
        publisher.recordFailedRun(record(run, Outcome.failed(message, EnrichmentUsage.Totals.ZERO)),
                Optional.of(newRejects(run, staged)));
        out.printf("[run] %s failed: %s%n", run.runId, message);
        throw new RunFailedException(run.runId, message);
    }

    /** Why the staged sources must not be published: no valid account, or a source over the reject share. */
    private Optional<String> rejectFailure(Map<SourceName, SourceCounts> counts) {
        if (counts.get(SourceName.ACCOUNTS).staged() == 0) {
            // An empty or mistyped input must not publish empty marts over good ones.
            return Optional.of("no valid accounts " + source.origin(SourceName.ACCOUNTS).map(table -> "in " + table)
                    .orElse("under " + source.uri() + "/" + SourceName.ACCOUNTS.relativePath()));
        }
        double maxShare = settings.maxRejectShare();
        List<String> over = counts.values().stream().filter(c -> c.rejectShare() > maxShare)
                .map(c -> String.format("%s rejected %d of %d records (%.1f %%, duplicates not counted)",
                        c.source().label(), c.rejectedExcludingDuplicates(), c.read(), 100 * c.rejectShare()))
                .toList();
        return over.isEmpty() ? Optional.empty() : Optional.of(String.join("; ", over)
                + String.format(" - over quality.max-reject-share %.1f %%", 100 * maxShare));
    }

    /**
     * Why the staged volume must not be published: a source's staged count changed by more than
     * {@code quality.max-volume-change} against the last published run for an earlier as-of date. Prints the
     * comparison either way; {@code --accept-volume-change} turns the failure into a warning.
     */
    private Optional<String> volumeFailure(RunState run) {
        VolumeGuard guard = settings.volumeGuard();
        Optional<VolumeGuard.Baseline> baseline = VolumeGuard.baseline(publisher.readPublished(spark, Tables.PIPELINE_RUNS),
                settings.asOf());
        if (baseline.isEmpty()) {
            return Optional.empty();
        }
        List<VolumeGuard.Change> changes = VolumeGuard.changes(baseline.get(), run.counts);
        out.printf("[run] volume against %s (as of %s): %s%n", baseline.get().runId(), baseline.get().asOf(),
                String.join(", ", changes.stream().map(c -> String.format("%s %+.1f %%", c.source().label(),
                        100 * c.relative())).toList()));
        List<VolumeGuard.Change> beyond = guard.beyondLimit(changes);
        if (beyond.isEmpty()) {
            return Optional.empty();
        }
        if (guard.accepted()) {
            out.printf("[run] warning: %s changed by more than %s; published anyway (--accept-volume-change)%n",
                    String.join(", ", beyond.stream().map(c -> c.source().label()).toList()), guard.percent());
            return Optional.empty();
        }
        return Optional.of(guard.failure(baseline.get(), beyond));
    }

    /** Transcripts up to the as-of date with sentiment and category, taken from the cache where it has them. */
    private Enriched enrich(RunState run, Staged staged) {
        return run.timer.time("enrichment", () -> {
            Dataset<Row> inWindow = staged.transcripts().staged()
                    .where(AsOf.within(col(Columns.TIMESTAMP), lit(Date.valueOf(settings.asOf()))));
            Optional<Dataset<Row>> cache = settings.reenrich() ? Optional.empty()
                    : publisher.readPublished(spark, Tables.ENRICHMENT_CACHE);
            Dataset<Row> enriched = run.cache(new TranscriptEnricher(analyzers, run.ai)
                    .enrichIncrementally(inWindow, cache, run.cacheKey).persist());
            RunReport.printEnrichment(out, enriched.count(), run.cacheKey, settings, run.ai.totals());
            return new Enriched(enriched,
                    enriched.drop(Columns.BODY_SHA256, TranscriptEnricher.FROM_CACHE));
        });
    }

    /** Usage and interaction signals per account and as-of date. */
    private Metrics metrics(RunState run, Staged staged, Enriched enriched) {
        return new Metrics(UsageMetrics.compute(staged.usage().staged(), run.asOfDates),
                InteractionMetrics.compute(enriched.transcripts(), run.asOfDates,
                        settings.healthModel().negativeSentimentThreshold()));
    }

    /** ACCOUNT_HEALTH_HISTORY: every account scored on every as-of date. */
    private Dataset<Row> score(RunState run, Staged staged, Metrics metrics) {
        Dataset<Row> history = run.cache(new AccountHealthMart(new HealthColumns(settings.healthModel()))
                .build(staged.accounts().staged(), run.asOfDates, metrics.usage(), metrics.interactions(), run.runId)
                .persist());
        out.printf("[run] scored %d account-dates%n", history.count());
        return history;
    }

    /** ACCOUNT_INSIGHTS for the as-of date; some are reused from the published run. */
    private Dataset<Row> insights(RunState run, Dataset<Row> history, Enriched enriched) {
        return run.timer.time("insights", () -> {
            Dataset<Row> insights = run.cache(new AccountInsights(insightGenerators())
                    .build(history, enriched.transcripts(), settings.asOf(), run.runId,
                            publisher.readPublished(spark, Tables.ACCOUNT_INSIGHTS))
                    .persist());
            Row n = insights.agg(count(lit(1)), count(when(col(AccountInsights.REUSED), 1))).first();
            out.printf("[run] insights for %d accounts (%d reused from the published run)%n", n.getLong(0),
                    n.getLong(1));
            return insights;
        });
    }

    private List<QualityChecks.Result> qualityChecks(Staged s, Dataset<Row> history) {
        TableChecks historyChecks = new TableChecks(Tables.ACCOUNT_HEALTH_HISTORY,
                history.withColumn("account_id_as_of_date",
                        concat_ws("|", col(Columns.ACCOUNT_ID), col(Columns.AS_OF_DATE).cast("string"))),
                "account_id_as_of_date", List.of(new Accepted(Columns.RISK_TIER, RiskTier.labels(), false)), List.of());
        List<TableChecks> tables = new ArrayList<>(stagedChecks(s));
        tables.add(historyChecks);
        return QualityChecks.check(tables);
    }

    /** The checks on the staged sources (package-visible for the quality-check benchmark). */
    List<TableChecks> stagedChecks(Staged s) {
        PipelineSettings.Accepted accepted = settings.accepted();
        Dataset<Row> accounts = s.accounts().staged();
        String accountsTable = SourceName.ACCOUNTS.label();
        Relationship toAccounts = new Relationship(Columns.ACCOUNT_ID, accountsTable, accounts, Columns.ACCOUNT_ID);
        return List.of(
                new TableChecks(accountsTable, accounts, Columns.ACCOUNT_ID,
                        List.of(new Accepted(Columns.TIER, accepted.accountTiers(), false)), List.of()),
                new TableChecks(SourceName.OPPORTUNITIES.label(), s.opportunities().staged(), Columns.OPPORTUNITY_ID,
                        List.of(new Accepted(Columns.STAGE, accepted.opportunityStages(), false)),
                        List.of(toAccounts)),
                new TableChecks(SourceName.USAGE_LOGS.label(), s.usage().staged(), Columns.SESSION_ID,
                        List.of(new Accepted(Columns.FEATURE_USED, settings.features(), true)),
                        List.of(toAccounts)),
                new TableChecks(SourceName.TRANSCRIPTS.label(), s.transcripts().staged(), Columns.INTERACTION_ID,
                        List.of(new Accepted(Columns.INTERACTION_TYPE, accepted.interactionTypes(), false)),
                        List.of(toAccounts)));
    }

    /** Accounts per risk tier on the as-of date (every tier, zero included), printed. */
    private Map<String, Long> tiers(Dataset<Row> history) {
        Map<String, Long> tiers = new LinkedHashMap<>();
        for (RiskTier tier : RiskTier.values()) {
            tiers.put(tier.label(), 0L);
        }
        for (Row row : history.where(col(Columns.AS_OF_DATE).equalTo(lit(Date.valueOf(settings.asOf()))))
                .groupBy(Columns.RISK_TIER).count().collectAsList()) {
            tiers.put(row.getString(0), row.getLong(1));
        }
        RunReport.printTiers(out, settings.asOf(), tiers);
        return tiers;
    }

    private Map<String, Dataset<Row>> tables(RunState run, Staged staged, Enriched enriched, Dataset<Row> history,
                                             Dataset<Row> insights, List<QualityChecks.Result> checks) {
        Map<String, Dataset<Row>> tables = new LinkedHashMap<>();
        tables.put(Tables.ACCOUNT_HEALTH_HISTORY, history);
        tables.put(Tables.INTERACTION_TRANSCRIPTS_ENRICHED,
                enriched.transcripts().withColumn(Columns.RUN_ID, lit(run.runId)));
        tables.put(Tables.ACCOUNT_INSIGHTS, insights.drop(AccountInsights.REUSED));
        tables.put(Tables.REJECTED_RECORDS, newRejects(run, staged));
        tables.put(Tables.DATA_QUALITY_CHECKS, QualityChecks.toFrame(spark, run.runId, checks));
        tables.put(Tables.ENRICHMENT_CACHE,
                newCacheEntries(enriched.withCacheColumns(), run.provenance.promptVersion(), run.runId));
        return tables;
    }

    /** The run's rejects that REJECTED_RECORDS does not hold yet: a record reused run after run lands there once. */
    private Dataset<Row> newRejects(RunState run, Staged staged) {
        return staged.rejects(run.runId, run.startedAt, source, publisher.readPublished(spark, Tables.REJECTED_RECORDS));
    }

    private void publish(RunState run, List<QualityChecks.Result> checks, Map<String, Dataset<Row>> tables) {
        run.timer.time("publish", () -> {
            RunRecord record = record(run, Outcome.published(checks, run.ai.totals()));
            publisher.publish(new RunOutputs(record, tables, new LinkedHashSet<>(run.dates)));
            return null;
        });
        RunReport.printTimings(out, run.timer.millis());
        out.printf("[run] %s published%n", run.runId);
    }

    /**
     * After the publish: lists the accounts that entered the critical tier or dropped more than
     * {@code alerts.min-drop} in a week, posts them when a webhook is configured and records the outcome in
     * PIPELINE_RUNS. The marts are published by now, so nothing here fails the run: a problem is a warning.
     */
    private List<Alert> alert(RunState run) {
        AlertSettings config = settings.alerts();
        List<Alert> alerts = List.of();
        String delivery;
        try {
            alerts = publisher.readPublished(spark, Tables.ACCOUNT_SCORE_CHANGES)
                    .map(changes -> Alerts.select(changes, settings.asOf(), config.minDrop(), config.reasons()))
                    .orElse(List.of());
            delivery = deliver(run, config, alerts);
        } catch (RuntimeException e) {
            delivery = Columns.ALERT_FAILED + firstLine(e);
        }
        RunReport.printAlerts(out, alerts, config.minDrop(), delivery);
        try {
            publisher.recordAlerts(run.runId, alerts.size(), delivery);
        } catch (RuntimeException e) {
            out.printf("[run] warning: the alerts' delivery is not recorded in %s: %s%n", Tables.PIPELINE_RUNS, firstLine(e));
        }
        return alerts;
    }

    private String deliver(RunState run, AlertSettings config, List<Alert> alerts) {
        if (config.webhookUrl().isEmpty()) {
            return Columns.ALERT_NOT_CONFIGURED;
        }
        if (alerts.isEmpty()) {
            return Columns.ALERT_NOTHING_TO_SEND;
        }
        return new AlertWebhook(config.webhookUrl().get(), config)
                .deliver(AlertWebhook.payload(run.runId, settings.asOf(), alerts));
    }

    private static String firstLine(RuntimeException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage().lines().findFirst().orElse("");
    }

    /** Records a failed stage in PIPELINE_RUNS (nothing is published) and returns the exception to throw. */
    private RunFailedException recordFailure(RunState run, RuntimeException e) {
        String message = firstLine(e);
        RunFailedException failure = new RunFailedException(run.runId, message, e);
        try {
            publisher.recordFailedRun(record(run, Outcome.failed(message, run.ai.totals())), Optional.empty());
        } catch (RuntimeException recordFailure) {
            failure.addSuppressed(recordFailure);
        }
        return failure;
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
                        col(Columns.COMPLAINT_CONFIDENCE), col(Columns.ENRICHMENT_STATUS),
                        lit(runId).as(Columns.CREATED_RUN_ID))
                .dropDuplicates(MartCatalog.ENRICHMENT_CACHE_KEY.toArray(String[]::new));
    }

    /**
     * The insight generators of the provider: the local one, sized from the health model's weights, or Bedrock's
     * (one per executor JVM) falling back to the local one.
     */
    private AccountInsights.GeneratorFactory insightGenerators() {
        // The factory is serialized into every task and builds its generators on the executor: the health model
        // is serializable; typesafe Config is not, so Bedrock's settings travel as rendered text, parsed there.
        HealthModel model = settings.healthModel();
        if (settings.provider() == Provider.BEDROCK) {
            String root = render(settings.config());
            return () -> BedrockInsightGenerator.shared(ConfigFactory.parseString(root),
                    () -> new LocalInsightGenerator(model));
        }
        return () -> new LocalInsightGenerator(model);
    }

    private static String render(Config config) {
        return VantageConfig.withoutSecrets(config).root().render(ConfigRenderOptions.concise());
    }

    private RunRecord record(RunState run, Outcome outcome) {
        EnrichmentUsage.Totals ai = outcome.ai();
        Provenance p = run.provenance;
        return new RunRecord(run.runId, settings.asOf(), outcome.status(), run.startedAt, clock.instant(),
                settings.historyWeeks(), source.uri(), RunReport.countsJson(run.counts),
                RunReport.timingsJson(run.timer.millis()), RunReport.checksJson(outcome.checks()),
                ai.calls(), ai.retries(), ai.fallbacks(), ai.cacheHits(), ai.inputTokens(), ai.outputTokens(),
                ai.estimatedCostUsd(),
                p.scoringConfigHash(), p.analyzerVersion(), p.promptVersion(), p.codeVersion(), outcome.error(),
                run.files.parsed(), run.files.reused(), run.files.ignored(),
                run.fingerprint.orElse(null));
    }

    /** The configured prompt version for Bedrock; providers without a prompt have none. */
    private String promptVersion() {
        return settings.provider() == Provider.BEDROCK ? settings.promptVersion() : PROMPT_VERSION_NONE;
    }

    /** The version and commit the build recorded, e.g. {@code 0.1.0-SNAPSHOT+8055a7f}. */
    static String codeVersion() {
        return BuildInfo.version() + "+" + BuildInfo.commit();
    }
}
