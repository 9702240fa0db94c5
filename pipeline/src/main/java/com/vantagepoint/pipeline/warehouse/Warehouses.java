package com.vantagepoint.pipeline.warehouse;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.health.HealthModel;

import java.nio.file.Path;

/** Chooses the warehouse a run publishes to. */
public final class Warehouses {
    private Warehouses() {
    }

    /**
     * @param warehouse    {@code vantagepoint.warehouse}: the word {@code snowflake} selects Snowflake (settings under
     *                     {@code vantagepoint.snowflake}), anything else is a DuckDB directory
     * @param keepRuns     DuckDB run databases kept besides the current one
     * @param model        the health model the marts are scored with, quoted by the table comments
     * @param vantagepoint the resolved configuration, for the Snowflake connection
     */
    public static MartPublisher open(String warehouse, int keepRuns, HealthModel model, Config vantagepoint) {
        if (SnowflakeWarehouse.NAME.equals(warehouse)) {
            return SnowflakeWarehouse.fromConfig(vantagepoint);
        }
        if (!duckDbPresent()) {
            throw new IllegalArgumentException("warehouse " + warehouse + ": this jar (the cluster jar) publishes to "
                    + "Snowflake only; set --warehouse snowflake (vantagepoint.warehouse = snowflake)");
        }
        return new DuckDbWarehouse(Path.of(warehouse), keepRuns, model);
    }

    /** The cluster jar leaves DuckDB out: on a cluster a local warehouse would be on one node's disk. */
    private static boolean duckDbPresent() {
        try {
            Class.forName("org.duckdb.DuckDBDriver", false, Warehouses.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
