package com.vantagepoint.api.http;

import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.insight.BedrockPortfolioAnswerer;
import com.vantagepoint.scoring.insight.LocalPortfolioAnswerer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class RagProviderTest {

    @Test
    void answersLocallyByDefault() {
        ApiSettings settings = ApiSettings.from(VantageConfig.load(null, Map.of("enrichment.provider", "local")));
        assertInstanceOf(LocalPortfolioAnswerer.class, ApiServer.portfolioAnswerer(settings));
    }

    @Test
    void followsTheEnrichmentProviderUnlessSetOnItsOwn() {
        ApiSettings bedrock = ApiSettings.from(VantageConfig.load(null, Map.of("enrichment.provider", "bedrock")));
        assertInstanceOf(BedrockPortfolioAnswerer.class, ApiServer.portfolioAnswerer(bedrock));
        ApiSettings localRag = ApiSettings.from(VantageConfig.load(null,
                Map.of("enrichment.provider", "bedrock", "api.rag.provider", "local")));
        assertInstanceOf(LocalPortfolioAnswerer.class, ApiServer.portfolioAnswerer(localRag));
    }

    @Test
    void refusesAnUnknownProviderNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ApiSettings.from(VantageConfig.load(null, Map.of("api.rag.provider", "gpt"))));
        assertTrue(e.getMessage().contains("api.rag.provider"), e.getMessage());
    }
}
