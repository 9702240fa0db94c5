package com.vantagepoint.api.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import com.vantagepoint.api.auth.AuthException;
import com.vantagepoint.api.auth.CachingVerifier;
import com.vantagepoint.api.auth.CognitoVerifier;
import com.vantagepoint.api.auth.LocalTokens;
import com.vantagepoint.api.auth.LoginThrottle;
import com.vantagepoint.api.auth.Principal;
import com.vantagepoint.api.auth.Role;
import com.vantagepoint.api.auth.TokenVerifier;
import com.vantagepoint.api.auth.UserStore;
import com.vantagepoint.api.mart.DuckDbMartReader;
import com.vantagepoint.api.mart.MartReader;
import com.vantagepoint.api.mart.SnapshotHolder;
import com.vantagepoint.api.mart.SnowflakeMartReader;
import com.vantagepoint.scoring.analysis.bedrock.TimeSource;
import com.vantagepoint.scoring.insight.BedrockPortfolioAnswerer;
import com.vantagepoint.scoring.insight.LocalPortfolioAnswerer;
import com.vantagepoint.scoring.insight.PortfolioAnswerer;
import io.javalin.Javalin;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import io.javalin.http.staticfiles.Location;
import io.javalin.json.JavalinJackson;
import io.javalin.security.RouteRole;
import io.javalin.validation.ValidationException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.eclipse.jetty.util.thread.QueuedThreadPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;

import static io.javalin.apibuilder.ApiBuilder.get;
import static io.javalin.apibuilder.ApiBuilder.path;
import static io.javalin.apibuilder.ApiBuilder.post;

/**
 * The Javalin server: one route tree, roles checked once before matched endpoints, errors mapped
 * once to {@code {error, detail}}, security headers, CORS allow-list, body limit and metrics.
 */
public final class ApiServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(ApiServer.class);
    static final String PRINCIPAL = "principal";
    /** Latency histogram buckets (a few, so /metrics stays small and recording cheap). */
    private static final Duration[] SLO_BUCKETS = {Duration.ofMillis(1), Duration.ofMillis(2), Duration.ofMillis(5),
            Duration.ofMillis(10), Duration.ofMillis(25), Duration.ofMillis(50), Duration.ofMillis(100), Duration.ofMillis(250),
            Duration.ofMillis(500), Duration.ofSeconds(1), Duration.ofSeconds(5)};

    /** A registered route, for the OpenAPI completeness check. */
    public record Route(String method, String path, Set<RouteRole> roles) {
    }

    private final ApiSettings settings;
    private final SnapshotHolder holder;
    private final TokenVerifier verifier;
    private final LocalTokens localTokens;
    private final UserStore users;
    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final List<Route> routes = Collections.synchronizedList(new ArrayList<>());
    private final Javalin app;

    public ApiServer(ApiSettings settings, SnapshotHolder holder, TokenVerifier verifier, LocalTokens localTokens,
                     UserStore users, PortfolioAnswerer answerer) {
        this.settings = settings;
        this.holder = holder;
        this.verifier = new CachingVerifier(verifier);
        this.localTokens = localTokens;
        this.users = users;
        Handlers h = new Handlers(settings, holder, localTokens, users,
                new LoginThrottle(settings.maxFailedLogins(), settings.lockoutSeconds()), answerer);
        ObjectMapper mapper = jsonMapper();
        this.app = Javalin.create(config -> {
            config.showJavalinBanner = false;
            config.useVirtualThreads = false;
            config.jetty.threadPool = new QueuedThreadPool(settings.threads(), Math.min(4, settings.threads()));
            config.jetty.modifyServer(server -> server.setErrorHandler(new JsonErrorHandler()));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(new JsonErrorHandler()));
            config.http.maxRequestSize = settings.maxBodyBytes();
            config.http.generateEtags = false;
            // A known path with a method it does not serve is 405 (with Allow), not 404.
            config.http.prefer405over404 = true;
            config.jsonMapper(new JavalinJackson(mapper, false));
            config.staticFiles.add(sf -> {
                sf.hostedPath = "/";
                sf.directory = "/public";
                sf.location = Location.CLASSPATH;
            });
            if (!settings.corsOrigins().isEmpty()) {
                List<String> origins = settings.corsOrigins();
                config.bundledPlugins.enableCors(cors -> cors.addRule(rule -> {
                    rule.allowHost(origins.get(0), origins.subList(1, origins.size()).toArray(String[]::new));
                    rule.exposeHeader("Retry-After");
                }));
            }
            config.events.handlerAdded(meta -> {
                if (meta.getHttpMethod().isHttpMethod()) {
                    routes.add(new Route(meta.getHttpMethod().name(), meta.getPath(), Set.copyOf(meta.getRoles())));
                }
            });
            config.router.apiBuilder(() -> {
                get("/", h::dashboardPage); // a route, not only a static file: other methods get 405
                get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
                get("/openapi.json", h::openApi);
                path("/api", () -> {
                    get("/health", h::health);
                    get("/health/ready", h::ready);
                    post("/login", h::login);
                    get("/dashboard", h::dashboard, Role.VIEWER);
                    get("/model", h::model, Role.VIEWER);
                    get("/movers", h::movers, Role.VIEWER);
                    get("/backtest", h::backtest, Role.VIEWER);
                    get("/accounts/{id}", h::account, Role.VIEWER);
                    get("/accounts/{id}/transcripts", h::transcripts, Role.ANALYST);
                    get("/account/{id}/transcripts", h::transcripts, Role.ANALYST);
                    post("/rag", h::rag, Role.ANALYST);
                });
            });
        });
        app.before(this::securityHeaders);
        app.before("/api/*", ApiServer::rejectRepeatedParameters);
        app.beforeMatched(this::authorize);
        app.after(this::record);
        app.exception(ApiException.class, (e, ctx) -> error(ctx, e.status(), e.error(), e.getMessage()));
        app.exception(ValidationException.class, (e, ctx) -> error(ctx, 400, "bad_request", validationDetail(e)));
        app.exception(HttpResponseException.class, (e, ctx) -> {
            if (e.getStatus() == 405 && e.getDetails().containsKey("availableMethods")) {
                ctx.header("Allow", e.getDetails().get("availableMethods")); // RFC 9110: a 405 lists what is allowed
            }
            error(ctx, e.getStatus(), switch (e.getStatus()) {
                case 404 -> "not_found";
                case 405 -> "method_not_allowed";
                case 413 -> "payload_too_large";
                default -> "http_" + e.getStatus();
            }, e.getMessage());
        });
        app.exception(Exception.class, (e, ctx) -> {
            LOG.error("request {} {} failed", ctx.method(), ctx.path(), e);
            error(ctx, 500, "internal", "unexpected server error");
        });
        new io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.ProcessorMetrics().bindTo(registry);
        new io.micrometer.core.instrument.binder.system.UptimeMetrics().bindTo(registry);
        Gauge.builder("vantagepoint_snapshot_age_seconds", holder, x -> x.get() == null ? Double.NaN
                        : Duration.between(x.get().loadedAt(), Instant.now()).toMillis() / 1000.0)
                .description("Seconds since the served snapshot was loaded").register(registry);
        Gauge.builder("vantagepoint_data_age_hours", holder, x -> x.get() == null ? Double.NaN : Handlers.dataAgeHours(x.get()))
                .description("Hours since the end of the served run's as-of day").register(registry);
        Gauge.builder("vantagepoint_accounts", holder, x -> x.get() == null ? 0 : x.get().size())
                .description("Accounts in the served snapshot").register(registry);
    }

    /** Builds the server and its collaborators from configuration (local or Cognito auth). */
    public static ApiServer create(ApiSettings settings) throws IOException {
        UserStore users = new UserStore(settings.home());
        LocalTokens local = null;
        TokenVerifier verifier;
        if (settings.authMode().equals("local")) {
            local = new LocalTokens(settings.home(), Duration.ofMinutes(settings.tokenTtlMinutes()), users);
            verifier = local;
        } else {
            ApiSettings.Cognito c = settings.cognito();
            verifier = CognitoVerifier.fromSettings(c.region(), c.userPoolId(), c.issuer(), c.jwksUrl(), c.clientId());
        }
        MartReader reader = settings.snowflake() != null ? new SnowflakeMartReader(settings.snowflake(), settings.moversMaxLimit())
                : new DuckDbMartReader(settings.warehouse(), settings.moversMaxLimit());
        SnapshotHolder holder = new SnapshotHolder(reader, Duration.ofSeconds(settings.refreshSeconds()));
        return new ApiServer(settings, holder, verifier, local, users, portfolioAnswerer(settings));
    }

    /** {@code api.rag.provider}: the local answerer, or Bedrock falling back to it. */
    static PortfolioAnswerer portfolioAnswerer(ApiSettings settings) {
        PortfolioAnswerer local = new LocalPortfolioAnswerer();
        return settings.ragProvider().equals("bedrock")
                ? new BedrockPortfolioAnswerer(settings.bedrock(), null, local, TimeSource.SYSTEM)
                : local;
    }

    static ObjectMapper jsonMapper() {
        return new ObjectMapper(com.fasterxml.jackson.core.JsonFactory.builder()
                .enable(com.fasterxml.jackson.core.StreamWriteFeature.USE_FAST_DOUBLE_WRITER).build())
                .registerModule(new JavaTimeModule())
                .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
                .setPropertyNamingStrategy(PropertyNamingStrategies.SNAKE_CASE);
    }

    /** Starts listening and loads the current run before returning. */
    public ApiServer start() {
        listen();
        holder.start();
        return this;
    }

    /**
     * Opens the port only; until {@code holder().start()} has loaded a run, data routes answer 503
     * (so a large warehouse never delays the first served request).
     */
    public ApiServer listen() {
        app.start(settings.host(), settings.port());
        return this;
    }

    public int port() {
        return app.port();
    }

    public String url() {
        String host = settings.host().equals("0.0.0.0") ? "127.0.0.1" : settings.host();
        return "http://" + host + ":" + port() + "/";
    }

    public SnapshotHolder holder() {
        return holder;
    }

    public LocalTokens localTokens() {
        return localTokens;
    }

    public UserStore users() {
        return users;
    }

    public List<Route> routes() {
        return List.copyOf(routes);
    }

    @Override
    public void close() {
        app.stop();
        holder.close();
        registry.close();
    }

    private void securityHeaders(Context ctx) {
        ctx.attribute("t0", System.nanoTime());
        String cognito = settings.authMode().equals("cognito") && !settings.cognito().domain().isBlank()
                ? " https://" + settings.cognito().domain().replaceFirst("^https?://", "") : "";
        ctx.header("Content-Security-Policy", "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
                + "connect-src 'self'" + cognito + "; form-action 'self'" + cognito
                + "; frame-ancestors 'none'; base-uri 'none'");
        ctx.header("X-Content-Type-Options", "nosniff");
        ctx.header("X-Frame-Options", "DENY");
        ctx.header("Referrer-Policy", "no-referrer");
        ctx.header("Cross-Origin-Opener-Policy", "same-origin");
        ctx.header("Permissions-Policy", "camera=(), microphone=(), geolocation=()");
        if (ctx.path().startsWith("/api/")) {
            ctx.header("Cache-Control", "no-store");
        }
    }

    /** A parameter given twice is ambiguous: say so rather than silently use the first value. */
    private static void rejectRepeatedParameters(Context ctx) {
        ctx.queryParamMap().forEach((name, values) -> {
            if (values.size() > 1) {
                throw ApiException.badRequest("query parameter '" + name + "' given " + values.size()
                        + " times; give it once");
            }
        });
    }

    /** The one place roles are checked: routes without roles are public. */
    private void authorize(Context ctx) {
        Set<RouteRole> required = ctx.routeRoles();
        if (required.isEmpty()) {
            return;
        }
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() <= 7) {
            ctx.header("WWW-Authenticate", "Bearer");
            throw new ApiException(401, "unauthorized", "missing bearer token");
        }
        Principal principal;
        try {
            principal = verifier.verify(header.substring(7).trim());
        } catch (AuthException e) {
            ctx.header("WWW-Authenticate", "Bearer error=\"invalid_token\"");
            throw new ApiException(401, "unauthorized", e.getMessage());
        }
        for (RouteRole r : required) {
            if (!principal.has((Role) r)) {
                throw new ApiException(403, "forbidden", "requires role " + ((Role) r).label());
            }
        }
        ctx.attribute(PRINCIPAL, principal);
    }

    private void record(Context ctx) {
        Long t0 = ctx.attribute("t0");
        if (t0 == null) {
            return;
        }
        String route;
        try {
            route = ctx.endpointHandlerPath();
        } catch (RuntimeException e) {
            route = null;
        }
        if (route == null || route.equals("*")) {
            route = ctx.status().getCode() == 404 ? "unmatched" : "static";
        }
        Timer.builder("http_server_requests")
                .description("HTTP requests by route and status")
                .tags("method", ctx.method().name(), "route", route, "status", Integer.toString(ctx.status().getCode()))
                .serviceLevelObjectives(SLO_BUCKETS)
                .register(registry)
                .record(System.nanoTime() - t0, TimeUnit.NANOSECONDS);
    }

    private static void error(Context ctx, int status, String error, String detail) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("error", error);
        body.put("detail", detail);
        ctx.status(status).json(body);
    }

    private static String validationDetail(ValidationException e) {
        return e.getErrors().entrySet().stream()
                .map(en -> en.getKey() + ": " + en.getValue().stream().map(v -> {
                    String m = v.getMessage();
                    return "TYPE_CONVERSION_FAILED".equals(m) ? "must be an integer (got '" + v.getValue() + "')"
                            : "NULLCHECK_FAILED".equals(m) ? "is required" : m;
                }).collect(Collectors.joining("; ")))
                .collect(Collectors.joining("; "));
    }

    static Principal principal(Context ctx) {
        return ctx.attribute(PRINCIPAL);
    }
}
