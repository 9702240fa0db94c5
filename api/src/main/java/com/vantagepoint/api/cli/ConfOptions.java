package com.vantagepoint.api.cli;

import com.typesafe.config.Config;
import com.vantagepoint.api.http.ApiSettings;
import com.vantagepoint.scoring.config.VantageConfig;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** {@code --conf FILE}, shared by every API command. */
final class ConfOptions {
    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON file whose keys override the defaults")
    Path conf;

    ApiSettings settings(Map<String, Object> overrides) {
        Map<String, Object> o = new HashMap<>(overrides);
        o.values().removeIf(v -> v == null);
        Config root = VantageConfig.load(conf, o);
        return ApiSettings.from(root);
    }
}
