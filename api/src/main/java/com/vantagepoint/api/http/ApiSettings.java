package com.vantagepoint.api.http;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.analysis.bedrock.BedrockSettings;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.ScoreChangeReasons;
import com.vantagepoint.scoring.snowflake.SnowflakeConnection;

import java.nio.file.Path;
import java.util.List;

/**
 * The {@code api} settings (and the few others the server needs), read and validated once. The marts come from
 * {@code snowflake} when {@code vantagepoint.warehouse} is the word {@code snowflake} ({@code warehouse} is then
 * null), else from the DuckDB warehouse directory {@code warehouse} ({@code snowflake} is null).
 */
public record ApiSettings(Path home, Path warehouse, String host, int port, int threads, int refreshSeconds, double staleAfterHours,
                          List<String> corsOrigins, long maxBodyBytes, int ragMaxQueryChars, int ragRequestsPerMinute,
                          String authMode, int tokenTtlMinutes, int maxFailedLogins, int lockoutSeconds,
                          Cognito cognito, HealthModel healthModel, ScoreChangeReasons reasons, int moversDefaultLimit,
                          int moversMaxLimit, String ragProvider, BedrockSettings bedrock, SnowflakeConnection snowflake) {

    /** Cognito settings (used in {@code cognito} mode). */
    public record Cognito(String region, String userPoolId, String clientId, String issuer, String jwksUrl, String domain) {
    }

    public static ApiSettings from(Config root) {
        Config api = root.getConfig("api");
        Config auth = api.getConfig("auth");
        Config cog = auth.getConfig("cognito");
        String mode = auth.getString("mode");
        if (!mode.equals("local") && !mode.equals("cognito")) {
            throw new IllegalArgumentException("vantagepoint.api.auth.mode must be local or cognito, not " + mode);
        }
        int port = api.getInt("port");
        if (port < 0 || port > 65535) {
            throw new IllegalArgumentException("vantagepoint.api.port must be 0-65535");
        }
        int threads = api.getInt("threads");
        if (threads < 4) {
            throw new IllegalArgumentException("vantagepoint.api.threads must be at least 4 (Jetty's acceptor and selector take two)");
        }
        positive(api, "refresh-seconds");
        positive(api, "max-body-bytes");
        positive(api, "rag.max-query-chars");
        positive(api, "rag.requests-per-minute");
        positive(auth, "token-ttl-minutes");
        positive(auth, "max-failed-logins");
        positive(api, "movers.default-limit");
        int moversMax = api.getInt("movers.max-limit");
        if (moversMax < api.getInt("movers.default-limit")) {
            throw new IllegalArgumentException("vantagepoint.api.movers.max-limit must be at least movers.default-limit");
        }
        String ragProvider = api.getString("rag.provider");
        if (!ragProvider.equals("local") && !ragProvider.equals("bedrock")) {
            throw new IllegalArgumentException("vantagepoint.api.rag.provider must be local or bedrock, not " + ragProvider);
        }
        boolean onSnowflake = SnowflakeConnection.WAREHOUSE_NAME.equals(root.getString("warehouse"));
        return new ApiSettings(Path.of(root.getString("home")), onSnowflake ? null : Path.of(root.getString("warehouse")),
                api.getString("host"), port, threads, api.getInt("refresh-seconds"), api.getDouble("stale-after-hours"),
                api.getStringList("cors-origins"), api.getBytes("max-body-bytes"), api.getInt("rag.max-query-chars"),
                api.getInt("rag.requests-per-minute"), mode, auth.getInt("token-ttl-minutes"),
                auth.getInt("max-failed-logins"), auth.getInt("lockout-seconds"),
                new Cognito(cog.getString("region"), cog.getString("user-pool-id"), cog.getString("client-id"),
                        cog.getString("issuer"), cog.getString("jwks-url"), cog.getString("domain")),
                HealthModel.fromConfig(root.getConfig("scoring")), ScoreChangeReasons.fromConfig(root.getConfig("scoring")),
                api.getInt("movers.default-limit"), moversMax, ragProvider, BedrockSettings.fromConfig(root),
                onSnowflake ? SnowflakeConnection.fromConfig(root) : null);
    }

    private static void positive(Config c, String key) {
        if (c.getDouble(key) <= 0) {
            throw new IllegalArgumentException("vantagepoint.api." + key + " must be positive");
        }
    }
}
