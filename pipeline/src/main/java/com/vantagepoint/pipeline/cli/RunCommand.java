package com.vantagepoint.pipeline.cli;

import com.typesafe.config.Config;
import com.vantagepoint.pipeline.enrich.ConfiguredAnalyzers;
import com.vantagepoint.pipeline.job.PipelineJob;
import com.vantagepoint.pipeline.job.SparkSessions;
import com.vantagepoint.pipeline.source.HadoopPathSource;
import com.vantagepoint.pipeline.warehouse.Warehouses;
import com.vantagepoint.scoring.config.VantageConfig;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
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

    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON file overriding the defaults.")
    Path conf;

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

    @Override
    public Integer call() {
        Config config = VantageConfig.load(conf, overrides());
        LocalDate date = asOfDate(config.getString("run.as-of"), "run.as-of");
        int weeks = config.getInt("run.history-weeks");
        if (weeks < 0) {
            throw new IllegalArgumentException("run.history-weeks must not be negative, was " + weeks);
        }
        run(config, date, weeks, new PrintStream(System.out, true));
        return 0;
    }

    /** Runs the job on a fresh or submitted SparkSession; throws when the run fails. */
    static PipelineJob.Result run(Config config, LocalDate asOf, int historyWeeks, PrintStream out) {
        long start = System.nanoTime();
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.getOrCreate(config, "vantagepoint-run");
        long startupMillis = (System.nanoTime() - start) / 1_000_000;
        try {
            PipelineJob job = new PipelineJob(spark, config, new HadoopPathSource(config.getString("input")),
                    Warehouses.fromConfig(config), new ConfiguredAnalyzers(config), out, Clock.systemUTC(),
                    startupMillis);
            return job.run(asOf, historyWeeks);
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    private Map<String, Object> overrides() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("input", input);
        overrides.put("warehouse", warehouse);
        if (asOf != null) {
            overrides.put("run.as-of", asOfDate(asOf, "--as-of").toString());
        }
        if (historyWeeks != null) {
            if (historyWeeks < 0) {
                throw new ParameterException(spec.commandLine(), "--history-weeks must not be negative, got " + historyWeeks);
            }
            overrides.put("run.history-weeks", historyWeeks);
        }
        if (provider != null) {
            if (!provider.equals("local") && !provider.equals("bedrock")) {
                throw new ParameterException(spec.commandLine(), "--provider must be local or bedrock, got " + provider);
            }
            overrides.put("enrichment.provider", provider);
        }
        if (reenrich) {
            overrides.put("enrichment.reenrich", true);
        }
        return overrides;
    }

    private LocalDate asOfDate(String value, String origin) {
        if (value.equalsIgnoreCase("today")) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            String message = origin + " must be a date YYYY-MM-DD or 'today', got " + value;
            if (origin.startsWith("--")) {
                throw new ParameterException(spec.commandLine(), message);
            }
            throw new IllegalArgumentException(message);
        }
    }
}
