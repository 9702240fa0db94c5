package com.vantagepoint.pipeline.warehouse;

import com.typesafe.config.Config;

/** Chooses the warehouse a run publishes to. */
public final class Warehouses {
    private Warehouses() {
    }

    /** {@code vantagepoint.warehouse}: the word {@code snowflake} selects Snowflake, anything else is a DuckDB directory. */
    public static MartPublisher fromConfig(Config vantagepoint) {
        return SnowflakeWarehouse.NAME.equals(vantagepoint.getString("warehouse"))
                ? SnowflakeWarehouse.fromConfig(vantagepoint)
                : DuckDbWarehouse.fromConfig(vantagepoint);
    }
}
