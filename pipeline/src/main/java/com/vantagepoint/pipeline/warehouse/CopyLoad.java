package com.vantagepoint.pipeline.warehouse;

import com.vantagepoint.scoring.catalog.MartCatalog;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;

import static com.vantagepoint.pipeline.warehouse.SnowflakeWarehouse.q;

/**
 * Load method {@code copy}: Spark writes each table as Parquet, either to a local temp directory that {@code PUT}
 * uploads to a run-scoped temporary internal stage, or under the location of an external stage
 * ({@link ExternalStage}, S3 on a cluster), and {@code COPY INTO ... MATCH_BY_COLUMN_NAME} loads the files.
 */
final class CopyLoad implements StagingLoad {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CopyLoad.class);
    private final Optional<ExternalStage> externalStage;

    /** @param externalStage where the Parquet files go; empty: a temporary internal stage and PUT */
    CopyLoad(Optional<ExternalStage> externalStage) {
        this.externalStage = externalStage;
    }

    @Override
    public Run start(Connection c, String runId) throws SQLException {
        if (externalStage.isEmpty()) {
            // Temporary: Snowflake drops the stage and its files when the session ends, also after a crash
            // (and fakesnow has no DROP STAGE).
            exec(c, "CREATE TEMPORARY STAGE " + q(stageName(runId)) + " FILE_FORMAT = (TYPE = PARQUET)");
        }
        try {
            return new CopyRun(c, runId, Files.createTempDirectory("vantagepoint-snowflake-" + runId + "-"));
        } catch (IOException e) {
            throw new PublishException("cannot create a local directory for " + runId + ": " + e.getMessage(), e);
        }
    }

    static String stageName(String runId) {
        return "VP_STAGE_" + runId.toUpperCase().replaceAll("[^A-Z0-9_]", "_");
    }

    private final class CopyRun implements Run {
        private final Connection c;
        private final String runId;
        private final Path local;
        private SparkSession spark;

        CopyRun(Connection c, String runId, Path local) {
            this.c = c;
            this.runId = runId;
            this.local = local;
        }

        @Override
        public long load(MartCatalog.Table def, Dataset<Row> conformed, String stagingTable) throws SQLException {
            spark = conformed.sparkSession();
            String dir = externalStage.map(x -> x.tableUri(runId, def.name())).orElse(local.resolve(def.name()).toUri().toString());
            long rows = writeParquet(conformed, def, dir);
            if (rows > 0) {
                exec(c, "COPY INTO " + q(stagingTable) + " FROM " + upload(def)
                        + " FILE_FORMAT = (TYPE = PARQUET) MATCH_BY_COLUMN_NAME = CASE_INSENSITIVE");
            }
            return rows;
        }

        /** The COPY source of a table's files: PUT to the internal stage first, or the external stage's files. */
        private String upload(MartCatalog.Table def) throws SQLException {
            if (externalStage.isPresent()) {
                return externalStage.get().copySource(spark, runId, def.name());
            }
            String source = "@" + q(stageName(runId)) + "/" + def.name() + "/";
            exec(c, "PUT 'file://" + local.resolve(def.name()).toAbsolutePath().toString().replace("'", "\\'") + "/*.parquet' "
                    + source + " AUTO_COMPRESS = FALSE OVERWRITE = TRUE");
            return source;
        }

        @Override
        public void close() {
            DuckDbWarehouse.deleteRecursively(local);
            if (spark != null) {
                externalStage.ifPresent(x -> x.deleteRun(spark, runId, LOG));
            }
        }
    }

    /** Spark writes the table as Parquet; the row count is read back from what it wrote. */
    private static long writeParquet(Dataset<Row> conformed, MartCatalog.Table def, String dir) {
        try {
            // One file per table: the marts are small, and fakesnow serves concurrent uploads of one PUT with an error.
            conformed.coalesce(1).write().mode(SaveMode.Overwrite).parquet(dir);
            return conformed.sparkSession().read().parquet(dir).count();
        } catch (RuntimeException ex) {
            throw new PublishException("writing " + def.name() + " to " + dir + " failed: " + WarehouseReader.firstLine(ex), ex);
        }
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
