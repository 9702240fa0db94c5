package com.vantagepoint.api.http;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.analysis.bedrock.BedrockSettings;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code api} settings (and the few others the server needs), read and validated once. */
public record ApiSettings(Path home, Path warehouse, String host, int port, int threads, int refreshSeconds, double staleAfterHours,
                          List<String> corsOrigins, long maxBodyBytes, int ragMaxQueryChars, int ragRequestsPerMinute,
                          String authMode, int tokenTtlMinutes, int maxFailedLogins, int lockoutSeconds,
                          Cognito cognito, Map<String, Double> maxPoints, String ragProvider, BedrockSettings bedrock) {

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
        String ragProvider = api.getString("rag.provider");
        if (!ragProvider.equals("local") && !ragProvider.equals("bedrock")) {
            throw new IllegalArgumentException("vantagepoint.api.rag.provider must be local or bedrock, not " + ragProvider);
        }
        return new ApiSettings(Path.of(root.getString("home")), Path.of(root.getString("warehouse")),
                api.getString("host"), port, threads, api.getInt("refresh-seconds"), api.getDouble("stale-after-hours"),
                api.getStringList("cors-origins"), api.getBytes("max-body-bytes"), api.getInt("rag.max-query-chars"),
                api.getInt("rag.requests-per-minute"), mode, auth.getInt("token-ttl-minutes"),
                auth.getInt("max-failed-logins"), auth.getInt("lockout-seconds"),
                new Cognito(cog.getString("region"), cog.getString("user-pool-id"), cog.getString("client-id"),
                        cog.getString("issuer"), cog.getString("jwks-url"), cog.getString("domain")),
                maxPoints(root.getConfig("scoring")), ragProvider, BedrockSettings.fromConfig(root));
    }

    private static void positive(Config c, String key) {
        if (c.getDouble(key) <= 0) {
            throw new IllegalArgumentException("vantagepoint.api." + key + " must be positive");
        }
    }

    /** Maximum points of each of the six signals, from the health model's definition. */
    static Map<String, Double> maxPoints(Config scoring) {
        Map<String, Double> out = new LinkedHashMap<>();
        out.put("sessions", scoring.getDouble("sessions.weight"));
        out.put("features", scoring.getDouble("features.weight"));
        out.put("errors", scoring.getDouble("errors.weight"));
        out.put("recency", scoring.getConfigList("recency.bands").stream().mapToDouble(b -> b.getDouble("points")).max().orElse(0));
        out.put("sentiment", scoring.getDouble("sentiment.weight"));
        out.put("support", scoring.getConfigList("support.bands").stream().mapToDouble(b -> b.getDouble("points")).max().orElse(0));
        return out;
    }
}
