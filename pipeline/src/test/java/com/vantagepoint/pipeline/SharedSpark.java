package com.vantagepoint.pipeline;

import org.apache.spark.sql.SparkSession;

/** The one SparkSession of a test JVM: local[2], 4 shuffle partitions, no UI, UTC. */
public final class SharedSpark {
    private SharedSpark() {
    }

    public static synchronized SparkSession spark() {
        return SparkSession.builder()
                .master("local[2]")
                .appName("vantagepoint-tests")
                .config("spark.sql.shuffle.partitions", "4")
                .config("spark.ui.enabled", "false")
                .config("spark.sql.session.timeZone", "UTC")
                .config("spark.sql.warehouse.dir", "target/spark-warehouse")
                .getOrCreate();
    }
}
