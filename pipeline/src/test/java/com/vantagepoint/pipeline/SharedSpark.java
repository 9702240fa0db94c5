package com.vantagepoint.pipeline;

import com.vantagepoint.pipeline.job.PipelineSettings;
import com.vantagepoint.pipeline.job.SparkSessions;
import com.vantagepoint.scoring.config.VantageConfig;
import org.apache.spark.sql.SparkSession;

/** The one local SparkSession of a test JVM, configured as the job configures its own (shipped defaults). */
public final class SharedSpark {
    private static SparkSession spark;

    private SharedSpark() {
    }

    public static synchronized SparkSession spark() {
        if (spark == null) {
            spark = SparkSessions.getOrCreate(PipelineSettings.from(VantageConfig.defaults()), "vantagepoint-tests");
        }
        return spark;
    }
}
