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
     * ACCOUNT_HEALTH_SCORE becomes the rows of the greatest published date; rejects, runs and quality
     * checks are appended; cache entries are merged.
     *
     * @throws PublishException when the warehouse is locked by another run or the audit fails;
     *                          the previously published marts stay as they were
     */
    void publish(RunOutputs outputs);

    /** Records a failed run in PIPELINE_RUNS (and its rejects) without changing any mart. */
    void recordFailedRun(RunRecord run, Optional<Dataset<Row>> rejects);

    /**
     * Replaces a table computed from the published marts rather than by a run (SCORE_BACKTEST) with {@code rows},
     * under the same lock and the same all-or-nothing switch as a run; every other table stays as it was.
     *
     * @param publishId names this publish the way a run id names a run (e.g. {@code backtest-...})
     * @throws PublishException when the warehouse is locked, the table is not a derived one or the audit fails
     */
    void publishDerived(String publishId, String table, Dataset<Row> rows);
}
