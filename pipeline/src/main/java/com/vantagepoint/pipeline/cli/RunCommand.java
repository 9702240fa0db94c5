package com.vantagepoint.pipeline.cli;

import com.vantagepoint.pipeline.enrich.ConfiguredAnalyzers;
import com.vantagepoint.pipeline.job.PipelineJob;
import com.vantagepoint.pipeline.job.PipelineSettings;
import com.vantagepoint.pipeline.job.SparkSessions;
import com.vantagepoint.pipeline.source.RawSources;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.Warehouses;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code run}: the Spark job — read, validate, enrich, score and publish the marts for an as-of date. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run the pipeline: stage the raw data, enrich transcripts, score accounts as of a date "
                + "(and its weekly history), publish the marts.")
public final class RunCommand implements Callable<Integer> {
    @Mixin
    JobOptions job;

    @Option(names = "--as-of", paramLabel = "DATE", description = "Scoring date, YYYY-MM-DD (default today, UTC).")
    String asOf;

    @Option(names = "--history-weeks", paramLabel = "N", description = "Also score the N weekly dates before --as-of.")
    Integer historyWeeks;

    @Override
    public Integer call() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put("run.as-of", asOf);
        overrides.put("run.history-weeks", historyWeeks);
        run(job.settings(overrides, Map.of("run.as-of", "--as-of", "run.history-weeks", "--history-weeks")),
                new PrintStream(System.out, true));
        return 0;
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
}
