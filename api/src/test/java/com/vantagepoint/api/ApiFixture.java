package com.vantagepoint.api;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vantagepoint.api.auth.Role;
import com.vantagepoint.api.auth.UserStore;
import com.vantagepoint.api.http.ApiServer;
import com.vantagepoint.api.http.ApiSettings;
import com.vantagepoint.scoring.config.VantageConfig;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** A running API server on a loopback port with a viewer and an analyst user, plus HTTP helpers. */
public final class ApiFixture implements AutoCloseable {
    public static final String PASSWORD = "correct-horse-battery";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static Path sharedHome;

    public final ApiServer server;
    public final Path home;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** The server's response: status, parsed JSON (null if not JSON), headers, raw body. */
    public record Resp(int status, JsonNode json, HttpHeaders headers, String body) {
        public String error() {
            return json == null ? null : json.path("error").asText(null);
        }
    }

    private ApiFixture(ApiServer server, Path home) {
        this.server = server;
        this.home = home;
    }

    /** A home with users {@code viewer1} and {@code analyst1}, created once per JVM (hashing is slow on purpose). */
    public static synchronized Path sharedHome() throws Exception {
        if (sharedHome == null) {
            Path h = Files.createTempDirectory("vp-test-home");
            UserStore users = new UserStore(h);
            users.put("viewer1", Role.VIEWER, PASSWORD.toCharArray());
            users.put("analyst1", Role.ANALYST, PASSWORD.toCharArray());
            sharedHome = h;
        }
        return sharedHome;
    }

    public static ApiSettings settings(Path home, Path warehouse, Map<String, Object> extra) {
        Map<String, Object> o = new HashMap<>();
        o.put("warehouse", warehouse.toString());
        o.putAll(extra);
        return settings(home, o);
    }

    /** Settings naming the marts themselves ({@code warehouse} and, for Snowflake, {@code snowflake.*}). */
    public static ApiSettings settings(Path home, Map<String, Object> marts) {
        Map<String, Object> o = new HashMap<>();
        o.put("home", home.toString());
        o.put("api.port", 0);
        o.putAll(marts);
        return ApiSettings.from(VantageConfig.load(null, o));
    }

    /** A server over the marts {@code marts} names, with the test users. */
    public static ApiFixture start(Map<String, Object> marts) throws Exception {
        Path home = sharedHome();
        return new ApiFixture(ApiServer.create(settings(home, marts)).start(), home);
    }

    public static ApiFixture start(Path warehouse, Map<String, Object> extra) throws Exception {
        Path home = sharedHome();
        ApiServer server = ApiServer.create(settings(home, warehouse, extra)).start();
        return new ApiFixture(server, home);
    }

    /** A server whose configuration file is {@code conf} (e.g. another health model), with the test users. */
    public static ApiFixture startWithConf(Path warehouse, Path conf) throws Exception {
        Path home = sharedHome();
        Map<String, Object> o = new HashMap<>();
        o.put("home", home.toString());
        o.put("warehouse", warehouse.toString());
        o.put("api.port", 0);
        ApiServer server = ApiServer.create(ApiSettings.from(VantageConfig.load(conf, o))).start();
        return new ApiFixture(server, home);
    }

    public static ApiFixture start(Path warehouse) throws Exception {
        return start(warehouse, Map.of());
    }

    public String base() {
        return "http://127.0.0.1:" + server.port();
    }

    public String token(String user) throws Exception {
        return server.localTokens().issue(user);
    }

    public Resp get(String path, String token) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    public Resp post(String path, String token, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base() + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return send(b.build());
    }

    public Resp send(HttpRequest req) throws Exception {
        HttpResponse<String> r = http.send(req, HttpResponse.BodyHandlers.ofString());
        JsonNode json = null;
        if (r.headers().firstValue("Content-Type").orElse("").startsWith("application/json")) {
            json = JSON.readTree(r.body());
        }
        return new Resp(r.statusCode(), json, r.headers(), r.body());
    }

    public static JsonNode parse(String s) throws Exception {
        return JSON.readTree(s);
    }

    @Override
    public void close() {
        server.close();
    }
}
