package com.vantagepoint.pipeline.job;

import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.RunOutputs;
import com.vantagepoint.pipeline.warehouse.RunRecord;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.StructType;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Test double of the warehouse (the sink, not the job under test): keeps what was published, in memory. */
public final class InMemoryPublisher implements MartPublisher {
    /** One table as published: its schema and rows, collected at publish time. */
    public record Table(StructType schema, List<Row> rows) {
        public Dataset<Row> frame(SparkSession spark) {
            return spark.createDataFrame(rows, schema);
        }
    }

    public RunRecord publishedRun;
    public Set<LocalDate> scoredDates;
    public final Map<String, Table> tables = new LinkedHashMap<>();
    public final List<RunRecord> failedRuns = new ArrayList<>();
    public final List<Row> failedRunRejects = new ArrayList<>();
    /** The alert count and delivery of the published run, once recorded. */
    public long recordedAlerts = -1;
    public String recordedAlertDelivery;

    @Override
    public Optional<Dataset<Row>> readPublished(SparkSession spark, String table) {
        return Optional.empty();
    }

    @Override
    public void publish(RunOutputs outputs) {
        for (Map.Entry<String, Dataset<Row>> e : outputs.tables().entrySet()) {
            tables.put(e.getKey(), new Table(e.getValue().schema(), e.getValue().collectAsList()));
        }
        publishedRun = outputs.run();
        scoredDates = outputs.scoredDates();
    }

    @Override
    public void recordFailedRun(RunRecord run, Optional<Dataset<Row>> rejects) {
        failedRuns.add(run);
        rejects.ifPresent(r -> failedRunRejects.addAll(r.collectAsList()));
    }

    @Override
    public void recordAlerts(String runId, long alerts, String delivery) {
        recordedAlerts = alerts;
        recordedAlertDelivery = delivery;
    }

    @Override
    public void publishDerived(String publishId, String table, Dataset<Row> rows) {
        tables.put(table, new Table(rows.schema(), rows.collectAsList()));
    }

    public List<Row> rows(String table) {
        return tables.get(table).rows();
    }
}
