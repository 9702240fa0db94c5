package com.vantagepoint.api.http;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.analysis.bedrock.BedrockSettings;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.ScoreChangeReasons;
import com.vantagepoint.scoring.snowflake.SnowflakeConnection;

import java.nio.file.Path;
import java.util.List;

import static com.vantagepoint.scoring.config.Settings.atLeast;
import static com.vantagepoint.scoring.config.Settings.between;
import static com.vantagepoint.scoring.config.Settings.oneOf;
import static com.vantagepoint.scoring.config.Settings.positive;

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
        String mode = oneOf(root, "api.auth.mode", List.of("local", "cognito"));
        int port = between(root, "api.port", 0, 65535);
        int threads = atLeast(root, "api.threads", 4); // Jetty's acceptor and selector take two
        for (String key : List.of("refresh-seconds", "max-body-bytes", "rag.max-query-chars", "rag.requests-per-minute",
                "auth.token-ttl-minutes", "auth.max-failed-logins")) {
            positive(root, "api." + key);
        }
        String ragProvider = oneOf(root, "api.rag.provider", List.of("local", "bedrock"));
        int moversDefault = atLeast(root, "api.movers.default-limit", 1);
        int moversMax = atLeast(root, "api.movers.max-limit", moversDefault);
        boolean onSnowflake = SnowflakeConnection.WAREHOUSE_NAME.equals(root.getString("warehouse"));
        return new ApiSettings(Path.of(root.getString("home")), onSnowflake ? null : Path.of(root.getString("warehouse")),
                api.getString("host"), port, threads, api.getInt("refresh-seconds"), api.getDouble("stale-after-hours"),
                api.getStringList("cors-origins"), api.getBytes("max-body-bytes"), api.getInt("rag.max-query-chars"),
                api.getInt("rag.requests-per-minute"), mode, auth.getInt("token-ttl-minutes"),
                auth.getInt("max-failed-logins"), auth.getInt("lockout-seconds"),
                new Cognito(cog.getString("region"), cog.getString("user-pool-id"), cog.getString("client-id"),
                        cog.getString("issuer"), cog.getString("jwks-url"), cog.getString("domain")),
                HealthModel.fromConfig(root.getConfig("scoring")), ScoreChangeReasons.fromConfig(root), moversDefault, moversMax,
                ragProvider, BedrockSettings.fromConfig(root),
                onSnowflake ? SnowflakeConnection.fromConfig(root) : null);
    }
}
