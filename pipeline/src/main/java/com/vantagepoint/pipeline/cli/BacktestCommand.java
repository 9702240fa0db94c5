package com.vantagepoint.pipeline.cli;

import com.typesafe.config.Config;
import com.vantagepoint.pipeline.backtest.Backtest;
import com.vantagepoint.pipeline.backtest.BacktestReport;
import com.vantagepoint.pipeline.backtest.BacktestSettings;
import com.vantagepoint.pipeline.job.PipelineSettings;
import com.vantagepoint.pipeline.job.SparkSessions;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.WarehouseReader;
import com.vantagepoint.pipeline.warehouse.Warehouses;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.config.Settings.InvalidSetting;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Callable;

/** {@code backtest}: does the score predict churn — measured on the published history, published as SCORE_BACKTEST. */
@Command(name = "backtest", mixinStandardHelpOptions = true,
        description = "Measure whether the health score predicted churn on the published ACCOUNT_HEALTH_HISTORY: AUC, "
                + "churn rate per risk tier, calibration, per-signal AUC and suggested weights (never applied); "
                + "publishes SCORE_BACKTEST.")
public final class BacktestCommand implements Callable<Integer> {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'").withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    @Spec
    CommandSpec spec;

    @Mixin
    WarehouseOptions target;

    @Option(names = "--horizon-days", paramLabel = "N",
            description = "An account is a churner at an as-of date when it churns within N days after it (default: config key backtest.horizon-days, 90).")
    Integer horizonDays;

    @Option(names = "--from", paramLabel = "DATE", description = "Earliest as-of date to label, YYYY-MM-DD.")
    String from;

    @Option(names = "--to", paramLabel = "DATE", description = "Latest as-of date to label, YYYY-MM-DD.")
    String to;

    @Override
    public Integer call() {
        Optional<LocalDate> fromDate = date("--from", from);
        Optional<LocalDate> toDate = date("--to", to);
        if (fromDate.isPresent() && toDate.isPresent()) {
            DateOptions.requireOrdered(spec, fromDate.get(), toDate.get());
        }
        Config config = config();
        PipelineSettings pipeline = PipelineSettings.from(config);
        BacktestSettings settings = backtestSettings(config, fromDate, toDate);
        run(pipeline, settings, new PrintStream(System.out, true));
        return 0;
    }

    /** Reads the history, backtests it, prints the figures and publishes them as SCORE_BACKTEST. */
    static BacktestReport run(PipelineSettings pipeline, BacktestSettings settings, PrintStream out) {
        MartPublisher publisher = Warehouses.open(pipeline.warehouse().toString(), pipeline.keepRuns(),
                pipeline.healthModel(), pipeline.config());
        if (publisher instanceof DuckDbWarehouse local && local.currentDatabase().isEmpty()) {
            // before Spark starts: an empty or mistyped warehouse is reported in a second
            throw new WarehouseReader.NoPublishedRunException(local.directory());
        }
        boolean ownSession = SparkSession.getDefaultSession().isEmpty();
        SparkSession spark = SparkSessions.getOrCreate(pipeline, "vantagepoint-backtest");
        try {
            Dataset<Row> history = publisher.readPublished(spark, Tables.ACCOUNT_HEALTH_HISTORY)
                    .orElseThrow(() -> new IllegalStateException("no published " + Tables.ACCOUNT_HEALTH_HISTORY + " in "
                            + pipeline.warehouse() + "; run `vantagepoint run --history-weeks N` first"));
            Instant now = Instant.now();
            String backtestId = "backtest-" + STAMP.format(now) + "-" + String.format("%06x", RANDOM.nextInt(1 << 24));
            BacktestReport report = new Backtest(pipeline.healthModel(), settings).run(history, backtestId, now);
            out.print(report.render());
            publisher.publishDerived(backtestId, Tables.SCORE_BACKTEST, report.toMart(spark));
            out.println("[backtest] published " + Tables.SCORE_BACKTEST + " (" + report.figures().size() + " rows)");
            return report;
        } finally {
            if (ownSession) {
                spark.stop();
            }
        }
    }

    private Optional<LocalDate> date(String flag, String value) {
        return value == null ? Optional.empty() : Optional.of(DateOptions.parse(spec, flag, value));
    }

    private Config config() {
        Map<String, Object> overrides = new LinkedHashMap<>();
        overrides.put(BacktestSettings.HORIZON_DAYS, horizonDays);
        return target.load(overrides);
    }

    /** A bad --horizon-days is a usage error (exit 2); a bad value from a file is a configuration one. */
    private BacktestSettings backtestSettings(Config config, Optional<LocalDate> fromDate, Optional<LocalDate> toDate) {
        try {
            return BacktestSettings.from(config, fromDate, toDate);
        } catch (InvalidSetting e) {
            if (horizonDays != null && BacktestSettings.HORIZON_DAYS.equals(e.key())) {
                throw new ParameterException(spec.commandLine(), "--horizon-days " + e.problem());
            }
            throw e;
        }
    }
}
