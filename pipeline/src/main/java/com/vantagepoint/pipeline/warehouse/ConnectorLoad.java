package com.vantagepoint.pipeline.warehouse;

import com.vantagepoint.scoring.catalog.MartCatalog;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;

import java.sql.Connection;

/**
 * Load method {@code connector}: the Spark Snowflake connector appends each table to its staging table (it stages
 * through Snowflake's own internal stage, from the executors, so nothing passes through the driver). It needs the
 * connector on the classpath (bundled, or {@code --packages net.snowflake:spark-snowflake_2.12}) and cloud storage
 * behind the stage, i.e. a real account: fakesnow's local-file stage cannot serve its uploads.
 */
final class ConnectorLoad implements StagingLoad {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(ConnectorLoad.class);
    private final ConnectorOptions options;

    ConnectorLoad(ConnectorOptions options) {
        this.options = options;
    }

    @Override
    public Run start(Connection c, String runId) {
        LOG.info("run {} loads its staging tables with the Spark Snowflake connector ({})", runId, options);
        return new Run() {
            @Override
            public long load(MartCatalog.Table def, Dataset<Row> conformed, String stagingTable) {
                return write(def, conformed, stagingTable);
            }

            @Override
            public void close() {
                // the connector removes its own stage files
            }
        };
    }

    /** Counts, then appends, the same cached rows, so the audit compares the table with exactly what was written. */
    private long write(MartCatalog.Table def, Dataset<Row> conformed, String stagingTable) {
        ConnectorOptions.redactInPlans(conformed.sparkSession());
        Dataset<Row> rows = conformed.persist();
        try {
            long count = rows.count();
            if (count > 0) {
                rows.write().format(ConnectorOptions.FORMAT).options(options.forTable(stagingTable)).mode(SaveMode.Append).save();
            }
            return count;
        } catch (RuntimeException e) {
            throw new PublishException("loading " + def.name() + " into " + stagingTable + " with the Spark Snowflake connector failed: "
                    + WarehouseReader.firstLine(e), e);
        } finally {
            rows.unpersist();
        }
    }
}
