package com.vantagepoint.pipeline.warehouse;

import com.vantagepoint.scoring.catalog.MartCatalog;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * How a run's tables reach their run-scoped Snowflake staging tables ({@code vantagepoint.snowflake.load-method}):
 * {@link CopyLoad} (Parquet, PUT or an external stage, COPY INTO) or {@link ConnectorLoad} (the Spark Snowflake
 * connector). Everything after the load (audit, lock, the publish transaction) is the same for both.
 */
interface StagingLoad {

    /** Starts loading one run's tables; closing the result removes what the load put aside for the run. */
    Run start(Connection c, String runId) throws SQLException;

    /** The load of one run. */
    interface Run extends AutoCloseable {
        /**
         * Loads a table, conformed to the catalog, into its existing empty staging table.
         *
         * @return the rows Spark wrote, which the audit compares with the staging table's count
         */
        long load(MartCatalog.Table def, Dataset<Row> conformed, String stagingTable) throws SQLException;

        /** Removes the run's files or stages; a failure there leaves only garbage, so it is logged, not thrown. */
        @Override
        void close();
    }
}
