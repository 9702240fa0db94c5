package com.vantagepoint.scoring.analysis;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.analysis.bedrock.BedrockSettings;
import com.vantagepoint.scoring.analysis.bedrock.SharedBedrockAnalyzer;
import java.util.Locale;

/** Picks the transcript analyzer named by {@code enrichment.provider}. */
public final class Analyzers {
    public static final String PROVIDER_KEY = "enrichment.provider";

    private Analyzers() {
    }

    /**
     * @param vantagepointRoot the resolved {@code vantagepoint} subtree ({@code VantageConfig.load})
     * @return for {@code bedrock}, the JVM's shared Bedrock analyzer (one client per executor), falling back to local
     * @throws IllegalArgumentException for an unknown provider
     */
    public static TranscriptAnalyzer create(Config vantagepointRoot) {
        String provider = vantagepointRoot.getString(PROVIDER_KEY).trim().toLowerCase(Locale.ROOT);
        return switch (provider) {
            case "local" -> new LocalAnalyzer();
            case "bedrock" -> SharedBedrockAnalyzer.get(BedrockSettings.fromConfig(vantagepointRoot), LocalAnalyzer::new);
            default -> throw new IllegalArgumentException(
                    PROVIDER_KEY + ": unknown provider '" + provider + "' (expected local or bedrock)");
        };
    }
}
