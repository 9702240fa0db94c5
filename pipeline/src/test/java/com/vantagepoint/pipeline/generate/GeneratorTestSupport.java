package com.vantagepoint.pipeline.generate;

import com.vantagepoint.scoring.config.VantageConfig;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

final class GeneratorTestSupport {
    static final LocalDate AS_OF = LocalDate.of(2026, 11, 25);
    static final List<String> FEATURES = VantageConfig.defaults().getStringList("features");

    private GeneratorTestSupport() {
    }

    static GeneratorOptions seedScale(Path out) {
        return GeneratorOptions.defaults(out, AS_OF, FEATURES);
    }
}
