package com.vantagepoint.pipeline.cli;

import com.typesafe.config.Config;
import com.vantagepoint.pipeline.storage.ConfFiles;
import com.vantagepoint.scoring.config.VantageConfig;
import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/** The configuration file and the warehouse: what every command that reads or publishes marts takes. */
final class WarehouseOptions {
    @Option(names = "--conf", paramLabel = "FILE",
            description = "HOCON file overriding the defaults: a local path or s3a://bucket/key (s3:// on EMR).")
    String conf;

    @Option(names = "--warehouse", paramLabel = "DIR|snowflake",
            description = "Local DuckDB warehouse directory, or the word snowflake for vantagepoint.snowflake.")
    String warehouse;

    /** The defaults, {@code --conf}, then {@code overrides} and {@code --warehouse} (null values are absent). */
    Config load(Map<String, Object> overrides) {
        Map<String, Object> all = new LinkedHashMap<>(overrides);
        all.put("warehouse", warehouse);
        return VantageConfig.load(ConfFiles.local(conf), all);
    }
}
