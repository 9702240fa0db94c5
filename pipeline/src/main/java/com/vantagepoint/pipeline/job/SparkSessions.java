package com.vantagepoint.pipeline.job;

import com.typesafe.config.Config;
import org.apache.spark.SparkConf;
import org.apache.spark.sql.SparkSession;

/**
 * The job's SparkSession. Under {@code spark-submit} the master and resources come from the submit (it sets
 * {@code spark.master}); launched directly, the session runs on {@code run.spark-master} (default
 * {@code local[2]}) with the UI off. The session time zone is always UTC (SPEC §3: no offset means UTC; as-of
 * days are UTC days).
 */
public final class SparkSessions {
    private SparkSessions() {
    }

    public static SparkSession getOrCreate(Config vantagepoint, String appName) {
        SparkConf submitted = new SparkConf();
        SparkSession.Builder builder = SparkSession.builder().appName(appName)
                .config("spark.sql.session.timeZone", "UTC");
        if (!submitted.contains("spark.master")) {
            builder.master(vantagepoint.getString("run.spark-master"))
                    .config("spark.ui.enabled", "false");
        }
        if (!submitted.contains("spark.sql.shuffle.partitions")) {
            builder.config("spark.sql.shuffle.partitions", vantagepoint.getInt("run.shuffle-partitions"));
        }
        SparkSession spark = builder.getOrCreate();
        spark.conf().set("spark.sql.session.timeZone", "UTC");
        return spark;
    }
}
