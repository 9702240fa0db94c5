package com.vantagepoint.pipeline.warehouse;

import org.apache.spark.sql.SparkSession;

import java.util.Locale;

/**
 * {@code vantagepoint.snowflake.load-method}: how Spark data moves into Snowflake, for the marts' staging tables and
 * for CRM tables read from Snowflake. {@code auto} takes the connector on a cluster, where it moves the data from the
 * executors, and {@code copy} (JDBC for reads) on a local master, where the driver does all the work anyway and the
 * copy load also works against a test server (fakesnow cannot serve the connector).
 */
public enum LoadMethod {
    CONNECTOR, COPY, AUTO;

    public static LoadMethod parse(String value) {
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("vantagepoint.snowflake.load-method must be connector, copy or auto, got " + value);
        }
    }

    /** {@link #CONNECTOR} or {@link #COPY}: {@link #AUTO} decided by the session's master. */
    public LoadMethod resolve(SparkSession spark) {
        if (this != AUTO) {
            return this;
        }
        return spark.sparkContext().isLocal() ? COPY : CONNECTOR;
    }

    /** The configured spelling. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }
}
