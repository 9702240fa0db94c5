package com.vantagepoint.scoring.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.vantagepoint.scoring.config.VantageConfig;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AnalyzersTest {
    @Test
    void createsTheLocalAnalyzerByDefault() {
        TranscriptAnalyzer analyzer = Analyzers.create(VantageConfig.load(null, Map.of("enrichment.provider", "local")));
        assertInstanceOf(LocalAnalyzer.class, analyzer);
        assertEquals("local", analyzer.provider());
        assertEquals(LocalAnalyzer.VERSION, analyzer.model());
    }

    @Test
    void createsTheSharedBedrockAnalyzerWithoutCallingOut() {
        TranscriptAnalyzer analyzer = Analyzers.create(VantageConfig.load(null, Map.of("enrichment.provider", "bedrock")));
        assertEquals("bedrock", analyzer.provider());
        assertEquals("amazon.nova-micro-v1:0", analyzer.model());
        assertEquals(analyzer, Analyzers.create(VantageConfig.load(null, Map.of("enrichment.provider", "bedrock"))));
    }

    @Test
    void rejectsAnUnknownProviderNamingTheKey() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Analyzers.create(VantageConfig.load(null, Map.of("enrichment.provider", "gpt"))));
        assertEquals("enrichment.provider: unknown provider 'gpt' (expected local or bedrock)", e.getMessage());
    }
}
