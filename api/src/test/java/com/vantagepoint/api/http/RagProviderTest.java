package com.vantagepoint.api.http;

import com.vantagepoint.scoring.config.Settings;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.insight.BedrockPortfolioAnswerer;
import com.vantagepoint.scoring.insight.LocalPortfolioAnswerer;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
        Settings.InvalidSetting e = assertThrows(Settings.InvalidSetting.class,
                () -> ApiSettings.from(VantageConfig.load(null, Map.of("api.rag.provider", "gpt"))));
        assertEquals("api.rag.provider", e.key());
        assertEquals("must be local or bedrock, got 'gpt'", e.problem());
    }
}
