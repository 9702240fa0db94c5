package com.vantagepoint.pipeline.job;

import com.vantagepoint.pipeline.CliOutcome;
import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.backtest.Backtest;
import com.vantagepoint.pipeline.backtest.BacktestFigure;
import com.vantagepoint.pipeline.backtest.BacktestReport;
import com.vantagepoint.pipeline.backtest.BacktestSettings;
import com.vantagepoint.pipeline.generate.DataGenerator;
import com.vantagepoint.pipeline.generate.GeneratorOptions;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.pipeline.warehouse.WarehouseReader;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.health.HealthModel;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.apache.spark.sql.functions.rand;
import static org.apache.spark.sql.functions.round;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The backtest on the generator's planted signals: seed-scale data, the job with 12 weeks of history into a real
 * DuckDB warehouse, then {@code vantagepoint backtest} on it. The horizon is 28 days, so the 9 oldest of the 13
 * weekly dates are labelled (the default 90 would need more than 12 weeks of history).
 */
class BacktestOnGeneratedHistoryTest {
    static final LocalDate AS_OF = LocalDate.parse("2026-11-25");
    static final HealthModel MODEL = HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring"));

    @TempDir
    static Path tmp;
    static DuckDbWarehouse warehouse;
    static CliOutcome backtest;

    @BeforeAll
    static void runTwelveWeeksOfHistoryThenTheBacktestCommand() {
        Path raw = tmp.resolve("raw");
        DataGenerator.generate(new GeneratorOptions(raw, 200, 7_500, 650, 42, AS_OF, 0, false,
                VantageConfig.defaults().getStringList("features"), 500_000));
        warehouse = new DuckDbWarehouse(tmp.resolve("warehouse"), 1, MODEL);
        JobFixtures.run(raw, AS_OF, 12, Map.of(), warehouse);
        backtest = CliOutcome.execute("backtest", "--warehouse", warehouse.directory().toString(), "--horizon-days", "28");
        System.out.print(backtest.out());
    }

    @Test
    void theCommandPrintsAndPublishesAScoreThatClearlyBeatsChance() throws Exception {
        assertEquals(0, backtest.exit(), backtest.err());
        assertTrue(backtest.out().contains("ROC AUC of the health score"), backtest.out());
        assertTrue(backtest.out().contains("published SCORE_BACKTEST"), backtest.out());
        try (WarehouseReader reader = WarehouseReader.open(warehouse.directory())) {
            List<Double> auc = reader.query("SELECT value, ci_low, churn_events FROM " + Tables.SCORE_BACKTEST
                    + " WHERE figure = '" + Columns.FIGURE_SCORE_AUC + "'", rs -> {
                        rs.next();
                        return List.of(rs.getDouble(1), rs.getDouble(2), rs.getDouble(3));
                    });
            assertTrue(auc.get(0) > 0.7, "AUC " + auc);
            assertTrue(auc.get(1) > 0.5, "the interval stays above chance: " + auc);
            assertTrue(auc.get(2) >= 5, "churn events " + auc);
            List<String> figures = reader.query("SELECT DISTINCT figure FROM " + Tables.SCORE_BACKTEST + " ORDER BY 1", rs -> {
                List<String> names = new ArrayList<>();
                while (rs.next()) {
                    names.add(rs.getString(1));
                }
                return names;
            });
            assertEquals(7, figures.size(), "every figure is published: " + figures);
            assertEquals(13L, (long) reader.query("SELECT count(DISTINCT as_of_date) FROM " + Tables.ACCOUNT_HEALTH_HISTORY,
                    rs -> {
                        rs.next();
                        return rs.getLong(1);
                    }), "the run's marts stay as published");
        }
    }

    @Test
    void aUselessScoreSitsNearOneHalf() {
        // all weight on a random signal: the score is noise, unrelated to anything the accounts did
        Dataset<Row> history = warehouse.readPublished(SharedSpark.spark(), Tables.ACCOUNT_HEALTH_HISTORY).orElseThrow()
                .withColumn(Columns.HEALTH_SCORE, round(rand(11).multiply(100), 1));
        BacktestSettings settings = BacktestSettings.from(VantageConfig.load(null, Map.of(BacktestSettings.HORIZON_DAYS, 28)),
                Optional.empty(), Optional.empty());
        BacktestReport report = new Backtest(MODEL, settings).run(history, "backtest-useless", Instant.now());
        BacktestFigure auc = report.figure(Columns.FIGURE_SCORE_AUC, Backtest.ITEM_HEALTH_SCORE).orElseThrow();
        assertTrue(Math.abs(auc.value() - 0.5) < 0.1, "AUC " + auc.value());
        assertTrue(auc.ciLow() < 0.5 && 0.5 < auc.ciHigh(), "chance lies inside the interval: " + auc.ciLow() + ".." + auc.ciHigh());
    }
}
