package com.vantagepoint.pipeline.cli;

import com.vantagepoint.pipeline.enrich.ConfiguredAnalyzers;
import com.vantagepoint.pipeline.job.PipelineJob;
import com.vantagepoint.pipeline.job.PipelineSettings;
import com.vantagepoint.pipeline.job.SparkSessions;
import com.vantagepoint.pipeline.source.RawSources;
import com.vantagepoint.pipeline.storage.ConfFiles;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.Warehouses;
import com.vantagepoint.scoring.config.Settings.InvalidSetting;
import com.vantagepoint.scoring.config.VantageConfig;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code run}: the Spark job — read, validate, enrich, score and publish the marts for an as-of date. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline: stage the raw data, enrich transcripts, score accounts as of a date "
                + "(and its weekly history), publish the marts.")
public final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--conf", paramLabel = "FILE",
            description = "HOCON file overriding the defaults: a local path or s3a://bucket/key (s3:// on EMR).")
    String conf;

    @Option(names = "--input", paramLabel = "URI", description = "Raw-layer root: a local path or s3a://bucket/prefix.")
    String input;

    @Option(names = "--warehouse", paramLabel = "DIR|snowflake",
            description = "Local DuckDB warehouse directory, or the word snowflake for vantagepoint.snowflake.")
    String warehouse;

    @Option(names = "--as-of", paramLabel = "DATE", description = "Scoring date, YYYY-MM-DD (default today, UTC).")
    String asOf;

    @Option(names = "--history-weeks", paramLabel = "N", description = "Also score the N weekly dates before --as-of.")
    Integer historyWeeks;

    @Option(names = "--provider", paramLabel = "local|bedrock", description = "Transcript analysis provider.")
    String provider;

    @Option(names = "--reenrich", description = "Re-analyze every transcript even when a cached result exists.")
    boolean reenrich;
    @Option(names = "--accept-volume-change", description = "Publish even when a source's staged count changed by more "
            + "than quality.max-volume-change against the last earlier run.")
    boolean acceptVolumeChange;

    /** Flags that set a validated key: a bad value there is a usage error (exit 2), not a configuration one. */
    private static final Map<String, String> FLAG_KEYS = Map.of(
            "run.as-of", "--as-of", "run.history-weeks", "--history-weeks", "enrichment.provider", "--provider");

    @Override
    public Integer call() {
        PipelineSettings settings = settings();
        requireLocalInput(settings.input());
        run(settings, new PrintStream(System.out, true));
        return 0;
    }

    /**
     * A local input that does not exist is reported before Spark starts (which takes seconds and would only say
     * that no accounts were found); remote inputs (s3a://) are checked by the first read.
     */
    private void requireLocalInput(String uri) {
        if (uri.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") && !uri.startsWith("file:")) {
            return;
        }
        Path path = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        if (!Files.isDirectory(path)) {
            String problem = "input " + uri + " is not a directory (expected crm/, usage_logs/ and transcripts/ below it)";
            if (input != null) {
                throw new ParameterException(spec.commandLine(), "--" + problem);
            }
            throw new IllegalArgumentException(problem);
        }
    }

    /** Runs the job on a fresh or submitted SparkSession; throws when the run fails. */
    static PipelineJob.Result run(PipelineSettings settings, PrintStream out) {
        // Before Spark starts: a login that cannot be found (a missing secret, say) is reported in a second.
        MartPublisher publisher = Warehouses.open(settings.warehouse().toString(), settings.keepRuns(),
                settings.healthModel(), settings.config());
        long start = System.nanoTime();
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.getOrCreate(settings, "vantagepoint-run");
        long startupMillis = (System.nanoTime() - start) / 1_000_000;
        try {
            PipelineJob job = new PipelineJob(spark, settings, RawSources.open(settings.input(), settings.config()), publisher,
                    new ConfiguredAnalyzers(settings.config()), out, Clock.systemUTC(), startupMillis);
            return job.run();
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    private PipelineSettings settings() {
        Map<String, Object> overrides = overrides();
        try {
            return PipelineSettings.from(VantageConfig.load(ConfFiles.local(conf), overrides));
        } catch (InvalidSetting e) {
            // Flags win over every other source, so a bad value under a given flag's key came from the flag.
            if (FLAG_KEYS.containsKey(e.key()) && overrides.get(e.key()) != null) {
                throw new ParameterException(spec.commandLine(), FLAG_KEYS.get(e.key()) + " " + e.problem());
            }
            throw e;
        }
    }

    private Map<String, Object> overrides() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("input", input);
        overrides.put("warehouse", warehouse);
        overrides.put("run.as-of", asOf);
        overrides.put("run.history-weeks", historyWeeks);
        overrides.put("enrichment.provider", provider);
        if (reenrich) {
            overrides.put("enrichment.reenrich", true);
        }
        if (acceptVolumeChange) {
            overrides.put("quality.accept-volume-change", true);
        }
        return overrides;
    }
}
