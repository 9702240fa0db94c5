package com.vantagepoint.scoring.analysis;

import com.typesafe.config.Config;
import java.util.Locale;

/** Picks the transcript analyzer named by {@code enrichment.provider}. */
public final class Analyzers {
    public static final String PROVIDER_KEY = "enrichment.provider";

    private Analyzers() {
    }

    /**
     * @param vantagepointRoot the resolved {@code vantagepoint} subtree ({@code VantageConfig.load})
     * @throws IllegalArgumentException for an unknown provider, or one not available in this build
     */
    public static TranscriptAnalyzer create(Config vantagepointRoot) {
        String provider = vantagepointRoot.getString(PROVIDER_KEY).trim().toLowerCase(Locale.ROOT);
        return switch (provider) {
            case "local" -> new LocalAnalyzer();
            case "bedrock" -> throw new IllegalArgumentException("bedrock provider not available yet");
            default -> throw new IllegalArgumentException(
                    PROVIDER_KEY + ": unknown provider '" + provider + "' (expected local or bedrock)");
        };
    }
}
