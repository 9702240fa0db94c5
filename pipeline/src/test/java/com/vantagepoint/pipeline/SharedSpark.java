package com.vantagepoint.pipeline;

import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of a test JVM. */
public final class SharedSpark {
    private static SparkSession spark;

    private SharedSpark() {
    }

    public static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSession.builder()
                    .master("local[2]")
                    .appName("vantagepoint-tests")
                    .config("spark.sql.shuffle.partitions", "4")
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.session.timeZone", "UTC")
                    .getOrCreate();
        }
        return spark;
    }
}
