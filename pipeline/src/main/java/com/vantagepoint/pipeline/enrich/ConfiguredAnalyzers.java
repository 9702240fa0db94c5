package com.vantagepoint.pipeline.enrich;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigRenderOptions;
import com.vantagepoint.scoring.analysis.Analyzers;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;
import com.vantagepoint.scoring.config.VantageConfig;

/**
 * The analyzer the configuration names ({@code enrichment.provider}), built on each executor from the
 * configuration rendered on the driver without its secrets (executors read theirs from the environment).
 */
public final class ConfiguredAnalyzers implements AnalyzerFactory {
    private static final long serialVersionUID = 1L;
    private final String rendered;

    public ConfiguredAnalyzers(Config vantagepoint) {
        this.rendered = VantageConfig.withoutSecrets(vantagepoint).root().render(ConfigRenderOptions.concise());
    }

    @Override
    public String key() {
        return Integer.toHexString(rendered.hashCode()) + ":" + rendered.length();
    }

    @Override
    public TranscriptAnalyzer create() {
        return Analyzers.create(ConfigFactory.parseString(rendered));
    }
}
