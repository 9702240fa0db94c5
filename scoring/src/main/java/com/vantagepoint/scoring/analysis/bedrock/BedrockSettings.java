package com.vantagepoint.scoring.analysis.bedrock;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.net.URI;
import java.util.Optional;

/**
 * The {@code enrichment.bedrock} configuration, typed and validated once.
 * Budgets are per cluster; {@link #requestsPerMinutePerExecutor()} and
 * {@link #tokensPerMinutePerExecutor()} are what one executor JVM may spend.
 */
public record BedrockSettings(
        String modelId,
        String region,
        Optional<URI> endpoint,
        String promptVersion,
        int batchSize,
        int maxConcurrency,
        long requestsPerMinute,
        long tokensPerMinute,
        int executors,
        int maxRetries,
        long baseBackoffMs,
        long maxBackoffMs,
        long requestTimeoutMs,
        int circuitFailureThreshold,
        long circuitOpenMs,
        boolean redactPii,
        double pricePer1kInputTokens,
        double pricePer1kOutputTokens) {

    public static final String PATH = "enrichment.bedrock";
    /** The SDK's service-specific endpoint variable, honoured when the config key is empty. */
    public static final String ENDPOINT_ENV = "AWS_ENDPOINT_URL_BEDROCK_RUNTIME";

    public BedrockSettings {
        require(!modelId.isBlank(), "model-id", "must not be empty");
        require(!region.isBlank(), "region", "must not be empty");
        require(batchSize >= 1 && batchSize <= 50, "batch-size", "must be in 1..50");
        require(maxConcurrency >= 1, "max-concurrency", "must be >= 1");
        require(requestsPerMinute >= 1, "requests-per-minute", "must be >= 1");
        require(tokensPerMinute >= 100, "tokens-per-minute", "must be >= 100");
        require(executors >= 1, "executors", "must be >= 1");
        require(maxRetries >= 0, "max-retries", "must be >= 0");
        require(baseBackoffMs >= 0 && maxBackoffMs >= baseBackoffMs, "max-backoff-ms", "must be >= base-backoff-ms >= 0");
        require(requestTimeoutMs >= 1, "request-timeout-ms", "must be >= 1");
        require(circuitFailureThreshold >= 1, "circuit-breaker.failure-threshold", "must be >= 1");
        require(circuitOpenMs >= 0, "circuit-breaker.open-ms", "must be >= 0");
        require(pricePer1kInputTokens >= 0 && pricePer1kOutputTokens >= 0, "price-per-1k-input-tokens", "prices must be >= 0");
    }

    /** Reads {@code enrichment.bedrock} from the resolved {@code vantagepoint} subtree. */
    public static BedrockSettings fromConfig(Config vantagepoint) {
        Config c = vantagepoint.getConfig(PATH);
        String endpoint = c.getString("endpoint").trim();
        if (endpoint.isEmpty()) {
            endpoint = Optional.ofNullable(System.getenv(ENDPOINT_ENV)).orElse("").trim();
        }
        Optional<URI> endpointUri;
        try {
            endpointUri = endpoint.isEmpty() ? Optional.empty() : Optional.of(URI.create(endpoint));
        } catch (IllegalArgumentException e) {
            throw new ConfigException.BadValue(PATH + ".endpoint", "not a URI: " + e.getMessage());
        }
        if (endpointUri.isPresent() && endpointUri.get().getScheme() == null) {
            throw new ConfigException.BadValue(PATH + ".endpoint", "needs a scheme (http:// or https://)");
        }
        return new BedrockSettings(
                c.getString("model-id").trim(),
                c.getString("region").trim(),
                endpointUri,
                c.getString("prompt-version").trim(),
                c.getInt("batch-size"),
                c.getInt("max-concurrency"),
                c.getLong("requests-per-minute"),
                c.getLong("tokens-per-minute"),
                c.getInt("executors"),
                c.getInt("max-retries"),
                c.getLong("base-backoff-ms"),
                c.getLong("max-backoff-ms"),
                c.getLong("request-timeout-ms"),
                c.getInt("circuit-breaker.failure-threshold"),
                c.getLong("circuit-breaker.open-ms"),
                c.getBoolean("redact-pii"),
                c.getDouble("price-per-1k-input-tokens"),
                c.getDouble("price-per-1k-output-tokens"));
    }

    /** This executor's share of the requests-per-minute budget (never below 1). */
    public long requestsPerMinutePerExecutor() {
        return Math.max(1, requestsPerMinute / executors);
    }

    /** This executor's share of the tokens-per-minute budget. */
    public long tokensPerMinutePerExecutor() {
        return Math.max(100, tokensPerMinute / executors);
    }

    public BedrockSettings withEndpoint(URI uri) {
        return new BedrockSettings(modelId, region, Optional.ofNullable(uri), promptVersion, batchSize, maxConcurrency,
                requestsPerMinute, tokensPerMinute, executors, maxRetries, baseBackoffMs, maxBackoffMs, requestTimeoutMs,
                circuitFailureThreshold, circuitOpenMs, redactPii, pricePer1kInputTokens, pricePer1kOutputTokens);
    }

    private static void require(boolean ok, String key, String message) {
        if (!ok) {
            throw new ConfigException.BadValue(PATH + "." + key, message);
        }
    }
}
