package com.vantagepoint.pipeline.warehouse;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;

import java.util.Optional;

/**
 * A warehouse the run publishes to with write-audit-publish: nothing becomes visible until every table of
 * the run is written and audited, and then all of it becomes visible at once.
 */
public interface MartPublisher {
    /** A table of the currently published run (e.g. the enrichment cache), empty when nothing is published yet. */
    Optional<Dataset<Row>> readPublished(SparkSession spark, String table);

    /**
     * Writes, audits and atomically publishes the run. History rows replace the run's scored dates;
     * ACCOUNT_HEALTH_SCORE becomes the rows of the greatest published date and ACCOUNT_SCORE_CHANGES compares them
     * with the history one and four weeks before; rejects, runs and quality
     * checks are appended; cache entries are merged.
     *
     * @throws PublishException when the warehouse is locked by another run or the audit fails;
     *                          the previously published marts stay as they were
     */
    void publish(RunOutputs outputs);

    /** Records a failed run in PIPELINE_RUNS (and its rejects) without changing any mart. */
    void recordFailedRun(RunRecord run, Optional<Dataset<Row>> rejects);

    /**
     * Records what became of a published run's alerts in its PIPELINE_RUNS row (written by {@link #publish} without
     * them, since the alerts are posted after the publish), under the same lock; no mart changes.
     *
     * @param delivery sent, failed: &lt;reason&gt; or not configured
     * @throws PublishException when the warehouse is locked or has no row for the run
     */
    void recordAlerts(String runId, long alerts, String delivery);

    /**
     * Replaces a table computed from the published marts rather than by a run (SCORE_BACKTEST) with {@code rows},
     * under the same lock and the same all-or-nothing switch as a run; every other table stays as it was.
     *
     * @param publishId names this publish the way a run id names a run (e.g. {@code backtest-...})
     * @throws PublishException when the warehouse is locked, the table is not a derived one or the audit fails
     */
    void publishDerived(String publishId, String table, Dataset<Row> rows);
}
