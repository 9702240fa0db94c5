package com.vantagepoint.scoring.analysis.bedrock;

import com.vantagepoint.scoring.config.VantageConfig;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.util.HashMap;
import java.util.Map;

/** Settings and analyzers pointed at a {@link FakeBedrockServer}, built through the real configuration path. */
final class BedrockTestSupport {
    private BedrockTestSupport() {
    }

    /**
     * @param overrides keys below {@code enrichment.bedrock} (e.g. {@code batch-size})
     */
    static BedrockSettings settings(FakeBedrockServer server, Map<String, Object> overrides) {
        Map<String, Object> flags = new HashMap<>();
        flags.put("enrichment.bedrock.region", "us-east-1");
        flags.put("enrichment.bedrock.endpoint", server.endpoint().toString());
        flags.put("enrichment.bedrock.base-backoff-ms", 5);
        flags.put("enrichment.bedrock.max-backoff-ms", 40);
        flags.put("enrichment.bedrock.request-timeout-ms", 5_000);
        flags.put("enrichment.bedrock.requests-per-minute", 100_000);
        flags.put("enrichment.bedrock.tokens-per-minute", 100_000_000);
        overrides.forEach((k, v) -> flags.put("enrichment.bedrock." + k, v));
        return BedrockSettings.fromConfig(VantageConfig.load(null, flags));
    }

    static BedrockAnalyzer.Builder analyzer(BedrockSettings settings, KeywordFallbackAnalyzer fallback) {
        return BedrockAnalyzer.builder(settings, fallback)
                .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")));
    }
}
