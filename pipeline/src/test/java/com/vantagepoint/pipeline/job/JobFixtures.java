package com.vantagepoint.pipeline.job;

import com.typesafe.config.Config;
import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.source.HadoopPathSource;
import com.vantagepoint.pipeline.source.RawSource;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.WarehouseReader;
import com.vantagepoint.scoring.config.VantageConfig;
import org.apache.spark.sql.Row;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs the job on a test dataset with the keyword analyzer and an in-memory sink. */
final class JobFixtures {
    private JobFixtures() {
    }

    static Path resource(String name) {
        try {
            return Path.of(Objects.requireNonNull(JobFixtures.class.getClassLoader().getResource(name)).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static Config config(Map<String, ?> overrides) {
        return VantageConfig.load(null, overrides);
    }

    /** A run's outcome: what the sink received and what the job printed. */
    record Run(InMemoryPublisher publisher, PipelineJob.Result result, String report) {
    }

    private static InMemoryPublisher lastPublisher;

    /** The sink of the latest {@link #run}, also when it threw. */
    static InMemoryPublisher lastPublisher() {
        return lastPublisher;
    }

    static Run run(String dataset, LocalDate asOf, int historyWeeks, Map<String, ?> overrides) {
        InMemoryPublisher publisher = new InMemoryPublisher();
        lastPublisher = publisher;
        PipelineJob.Result result = run(dataset, asOf, historyWeeks, overrides, publisher);
        return new Run(publisher, result, lastReport);
    }

    private static String lastReport;

    /** The report printed by the latest run. */
    static String lastReport() {
        return lastReport;
    }

    /** Runs into any sink (e.g. the real DuckDB warehouse); the report is echoed to stdout. */
    static PipelineJob.Result run(String dataset, LocalDate asOf, int historyWeeks, Map<String, ?> overrides,
                                  MartPublisher publisher) {
        return run(resource(dataset), asOf, historyWeeks, overrides, publisher);
    }

    /** Runs the raw layer at {@code input} into any sink. */
    static PipelineJob.Result run(Path input, LocalDate asOf, int historyWeeks, Map<String, ?> overrides,
                                  MartPublisher publisher) {
        return run(new HadoopPathSource(input.toString()), asOf, historyWeeks, overrides, publisher);
    }

    /** Runs on any raw source into any sink. */
    static PipelineJob.Result run(RawSource source, LocalDate asOf, int historyWeeks, Map<String, ?> overrides,
                                  MartPublisher publisher) {
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        Map<String, Object> run = new HashMap<>(overrides);
        run.put("run.as-of", asOf.toString());
        run.put("run.history-weeks", historyWeeks);
        PipelineJob job = new PipelineJob(SharedSpark.spark(), PipelineSettings.from(config(run)),
                source, publisher, KeywordAnalyzer.FACTORY,
                new PrintStream(report, true, StandardCharsets.UTF_8), Clock.systemUTC(), 0);
        try {
            return job.run();
        } finally {
            lastReport = report.toString(StandardCharsets.UTF_8);
            System.out.print(lastReport);
        }
    }

    /** Asserts the named columns of a row. */
    static void assertColumns(Map<String, Object> expected, Row row) {
        for (Map.Entry<String, Object> e : expected.entrySet()) {
            assertEquals(e.getValue(), row.getAs(e.getKey()), "column " + e.getKey() + " of " + row.getAs("account_id"));
        }
    }

    /** A query's rows on a warehouse's published run, each row its values joined by "|". */
    static List<String> rows(DuckDbWarehouse warehouse, String sql) {
        try (WarehouseReader reader = WarehouseReader.open(warehouse.directory())) {
            return reader.query(sql, rs -> {
                List<String> rows = new ArrayList<>();
                int n = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    List<String> values = new ArrayList<>();
                    for (int i = 1; i <= n; i++) {
                        values.add(String.valueOf(rs.getObject(i)));
                    }
                    rows.add(String.join("|", values));
                }
                return rows;
            });
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }
}
