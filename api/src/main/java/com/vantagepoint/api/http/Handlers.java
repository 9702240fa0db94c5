package com.vantagepoint.api.http;

import com.vantagepoint.scoring.catalog.Columns;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.api.auth.LocalTokens;
import com.vantagepoint.api.auth.LoginThrottle;
import com.vantagepoint.api.auth.PasswordHasher;
import com.vantagepoint.api.auth.Principal;
import com.vantagepoint.api.auth.Role;
import com.vantagepoint.api.auth.UserStore;
import com.vantagepoint.api.mart.Snapshot;
import com.vantagepoint.api.mart.SnapshotHolder;
import com.vantagepoint.api.rag.SliceFacts;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.ScoreChangeReasons;
import com.vantagepoint.scoring.health.Signal;
import com.vantagepoint.scoring.insight.Answer;
import com.vantagepoint.scoring.insight.PortfolioAnswerer;
import com.vantagepoint.scoring.insight.PortfolioFacts;
import com.vantagepoint.api.rag.PortfolioQuestions;
import io.javalin.http.Context;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Route handlers: parse, call, respond. */
final class Handlers {
    private static final Logger AUDIT = LoggerFactory.getLogger("vantagepoint.audit");
    private static final Set<String> DASHBOARD_PARAMS = Set.of(Columns.RISK_TIER, Columns.INDUSTRY, "q", "sort", "order", "limit", "offset");
    private static final Set<String> MOVERS_PARAMS = Set.of("window", "direction", "limit");
    /** A calibration band's lower end, as in "30-40". */
    private static final Pattern BAND_START = Pattern.compile("^\\d+(\\.\\d+)?");
    private static final String DOWN = "down";
    private static final String UP = "up";
    /** SCORE_BACKTEST columns every row of a backtest shares, said once at the top of /api/backtest. */
    private static final Set<String> BACKTEST_HEADER = Set.of(Columns.BACKTEST_ID, Columns.COMPUTED_AT, Columns.HORIZON_DAYS,
            Columns.FIGURE);
    /** Verified against for unknown users so that a login costs the same whether or not the name exists. */
    private static final String DUMMY_HASH = "pbkdf2-sha256$210000$5A5B5sgNYIYwhTicLi9EaQ==$aUgLOvf69brx552dz1jHyXI+PzvTq1MMLX1oDv+TrGc=";
    /** signal → [label, metric column, points column]. */
    private final ApiSettings settings;
    private final SnapshotHolder holder;
    private final LocalTokens tokens;
    private final UserStore users;
    private final LoginThrottle throttle;
    private final RateLimiter ragLimiter;
    private final PortfolioAnswerer answerer;
    private final ObjectMapper json = new ObjectMapper();
    private final ObjectMapper mapper = ApiServer.jsonMapper();
    private final byte[] openApi;
    private final byte[] dashboardPage;

    Handlers(ApiSettings settings, SnapshotHolder holder, LocalTokens tokens, UserStore users, LoginThrottle throttle,
             PortfolioAnswerer answerer) {
        this.settings = settings;
        this.answerer = answerer;
        this.holder = holder;
        this.tokens = tokens;
        this.users = users;
        this.throttle = throttle;
        this.ragLimiter = new RateLimiter(settings.ragRequestsPerMinute());
        this.openApi = openApiDocument(mapper, settings);
        this.dashboardPage = resource("/public/index.html");
    }

    private static byte[] resource(String name) {
        try (InputStream in = Handlers.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException(name + " is missing from the classpath");
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + name, e);
        }
    }

    /**
     * The bundled document, with what is defined elsewhere filled in rather than copied into it: the sortable
     * columns from the mart catalog, the longest question from the settings.
     */
    private static byte[] openApiDocument(ObjectMapper mapper, ApiSettings settings) {
        try (InputStream in = Handlers.class.getResourceAsStream("/openapi.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi.json is missing from the classpath");
            }
            JsonNode doc = mapper.readTree(in);
            for (JsonNode parameter : doc.at("/paths/~1api~1dashboard/get/parameters")) {
                if ("sort".equals(parameter.path("name").asText())) {
                    ArrayNode columns = ((ObjectNode) parameter.path("schema")).putArray("enum");
                    MartCatalog.table(Tables.ACCOUNT_HEALTH_SCORE).columnNames().forEach(columns::add);
                }
            }
            ((ObjectNode) doc.at("/paths/~1api~1rag/post/requestBody/content/application~1json/schema/properties/query"))
                    .put("maxLength", settings.ragMaxQueryChars());
            for (JsonNode parameter : doc.at("/paths/~1api~1movers/get/parameters")) {
                ObjectNode schema = (ObjectNode) parameter.path("schema");
                switch (parameter.path("name").asText()) {
                    case "window" -> {
                        ArrayNode windows = schema.putArray("enum");
                        windowNames().forEach(windows::add);
                        schema.put("default", windowNames().get(0));
                    }
                    case "limit" -> schema.put("maximum", settings.moversMaxLimit()).put("default", settings.moversDefaultLimit());
                    default -> {
                    }
                }
            }
            return mapper.writeValueAsBytes(doc);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read openapi.json", e);
        }
    }

    private Snapshot snapshot(Context ctx) {
        Snapshot s = holder.get();
        if (s == null) {
            ctx.header("Retry-After", "5");
            throw new ApiException(503, "unavailable", "no published run loaded from " + holder.reader().describe()
                    + (holder.lastError() == null ? " yet" : ": " + holder.lastError()));
        }
        return s;
    }

    void dashboardPage(Context ctx) {
        ctx.contentType("text/html; charset=utf-8").result(dashboardPage);
    }

    void openApi(Context ctx) {
        ctx.contentType("application/json").result(openApi);
    }

    void health(Context ctx) {
        Snapshot s = holder.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("status", s == null ? "no_data" : "ok");
        if (s != null) {
            out.put("run_id", s.run().runId());
            out.put("as_of_date", s.run().asOfDate());
            out.put("accounts", s.size());
            out.put("loaded_at", s.loadedAt().toString());
        }
        Map<String, Object> auth = new LinkedHashMap<>();
        auth.put("mode", settings.authMode());
        if (settings.authMode().equals("cognito")) {
            auth.put("domain", settings.cognito().domain());
            auth.put("client_id", settings.cognito().clientId());
        }
        out.put("auth", auth);
        ctx.json(out);
    }

    /** Readiness for load balancers: 503 until a published run is loaded, then 200 (liveness is /api/health). */
    void ready(Context ctx) {
        Snapshot s = holder.get();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("ready", s != null);
        if (s == null) {
            out.put("detail", "no published run loaded from " + holder.reader().describe() + " yet");
            ctx.status(503);
        } else {
            out.put("run_id", s.run().runId());
        }
        ctx.json(out);
    }

    void login(Context ctx) throws IOException {
        if (tokens == null) {
            throw new ApiException(404, "not_supported", "login is handled by the identity provider in " + settings.authMode() + " mode");
        }
        JsonNode body = body(ctx);
        String name = text(body, "username");
        String password = text(body, "password");
        if (name == null || password == null) {
            throw ApiException.badRequest("username and password are required");
        }
        long locked = throttle.lockedSeconds(name);
        if (locked > 0) {
            ctx.header("Retry-After", Long.toString(locked));
            throw new ApiException(429, "locked", "too many failed logins; try again in " + locked + " s");
        }
        Optional<UserStore.User> user = users.find(name);
        boolean ok = PasswordHasher.verify(password.toCharArray(), user.map(UserStore.User::hash).orElse(DUMMY_HASH))
                && user.isPresent();
        if (!ok) {
            throttle.failed(name);
            AUDIT.info("login failed user={} from={}", AuditText.of(name), ctx.ip());
            throw new ApiException(401, "unauthorized", "invalid username or password");
        }
        throttle.succeeded(name);
        AUDIT.info("login user={} from={}", AuditText.of(name), ctx.ip());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("token", tokens.issue(name));
        out.put("expires_in", tokens.ttl().toSeconds());
        out.put("username", name);
        out.put("roles", Role.fromLabel(user.get().role()).map(Role::grantedLabels).orElse(List.of()));
        ctx.json(out);
    }

    void dashboard(Context ctx) {
        rejectUnknownParameters(ctx, DASHBOARD_PARAMS);
        Snapshot snap = snapshot(ctx);
        String tierParam = ctx.queryParamAsClass(Columns.RISK_TIER, String.class).allowNullable()
                .check(v -> v == null || v.isEmpty() || RiskTier.labels().contains(v), "must be one of " + String.join(", ", RiskTier.labels())).get();
        String tier = tierParam == null || tierParam.isEmpty() ? null : tierParam;
        String industryParam = ctx.queryParamAsClass("industry", String.class).allowNullable()
                .check(v -> v == null || v.length() <= 100, "is too long").get();
        String industry = null;
        if (industryParam != null && !industryParam.isEmpty()) {
            industry = snap.industries().stream().filter(i -> i.equalsIgnoreCase(industryParam)).findFirst()
                    .orElseThrow(() -> ApiException.badRequest("industry: unknown industry '" + industryParam
                            + "'; known: " + String.join(", ", snap.industries())));
        }
        String q = ctx.queryParamAsClass("q", String.class).allowNullable()
                .check(v -> v == null || v.length() <= 64, "must be at most 64 characters")
                .check(v -> v == null || v.codePoints().noneMatch(Character::isISOControl), "must not contain control characters")
                .get();
        String sort = ctx.queryParamAsClass("sort", String.class).allowNullable()
                .check(v -> v == null || snap.columnNames().contains(v), "must be an account column, one of " + String.join(", ", snap.columnNames()))
                .get();
        String order = ctx.queryParamAsClass("order", String.class).allowNullable()
                .check(v -> v == null || v.equals("asc") || v.equals("desc"), "must be asc or desc").get();
        int limit = ctx.queryParamAsClass("limit", Integer.class).check(v -> v >= 1 && v <= 1000, "must be between 1 and 1000").getOrDefault(50);
        int offset = ctx.queryParamAsClass("offset", Integer.class).check(v -> v >= 0, "must be 0 or more").getOrDefault(0);
        Snapshot.Page page = snap.page(new Snapshot.Filter(tier, industry, q == null || q.isBlank() ? null : q.trim()),
                sort == null ? Columns.HEALTH_SCORE : sort, "desc".equals(order), limit, offset);
        ctx.contentType("application/json").result(DashboardJson.write(mapper, summary(snap), snap, page));
    }

    Map<String, Object> summary(Snapshot snap) {
        Snapshot.Summary s = snap.summary();
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("total", s.total());
        out.put("counts", s.counts());
        out.put("histogram", s.histogram());
        out.put("trend", s.trend());
        out.put("industries", s.industries());
        out.put("as_of_date", snap.run().asOfDate());
        out.put("run_id", snap.run().runId());
        out.put("run_finished_at", snap.run().finishedAt() == null ? null : snap.run().finishedAt().toString());
        double age = dataAgeHours(snap);
        out.put("data_age_hours", Double.isNaN(age) ? null : Math.round(age * 10) / 10.0);
        out.put("stale", !Double.isNaN(age) && age > settings.staleAfterHours());
        out.put("stale_after_hours", settings.staleAfterHours());
        return out;
    }

    /** Hours since the end of the as-of day (the newest data the run could contain), never negative. */
    static double dataAgeHours(Snapshot snap) {
        if (snap.run().asOfDate() == null) {
            return Double.NaN;
        }
        try {
            Instant end = LocalDate.parse(snap.run().asOfDate()).plusDays(1).atStartOfDay().toInstant(ZoneOffset.UTC);
            return Math.max(0, Duration.between(end, Instant.now()).toMinutes() / 60.0);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    private int accountRow(Context ctx, Snapshot snap) {
        String id = ctx.pathParam("id");
        int row = snap.row(id);
        if (row < 0) {
            throw ApiException.notFound("unknown account '" + id + "'");
        }
        return row;
    }

    /** The health model the scores follow: signals with their maximum points, tiers with their thresholds. */
    void model(Context ctx) {
        HealthModel model = settings.healthModel();
        List<Map<String, Object>> signals = new ArrayList<>();
        for (Signal signal : Signal.values()) {
            Map<String, Object> s = signalFacts(signal);
            s.put("points_column", signal.pointsColumn());
            s.put("rule", model.rule(signal).describe());
            s.put("full_at", model.rule(signal).fullPointsAt());
            signals.add(s);
        }
        List<Map<String, Object>> tiers = new ArrayList<>();
        for (RiskTier tier : RiskTier.values()) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("tier", tier.label());
            t.put("label", tier.displayName());
            t.put("min_score", model.thresholds().stream().filter(x -> x.tier() == tier)
                    .map(HealthModel.TierThreshold::minScore).findFirst().orElse(null));
            tiers.add(t);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("max_score", model.maxScore());
        out.put("signals", signals);
        out.put("tiers", tiers);
        out.put("negative_sentiment_threshold", model.negativeSentimentThreshold());
        out.put("definition_hash", model.definitionHash());
        ctx.json(out);
    }

    /** What the model and an account's breakdown both say of a signal. */
    private Map<String, Object> signalFacts(Signal signal) {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("signal", signal.key());
        s.put("label", capitalized(signal.label()));
        s.put("metric", signal.metricColumn());
        s.put("max_points", settings.healthModel().maxPoints(signal));
        return s;
    }

    private static String capitalized(String phrase) {
        return Character.toUpperCase(phrase.charAt(0)) + phrase.substring(1);
    }

    void account(Context ctx) {
        Snapshot snap = snapshot(ctx);
        int row = accountRow(ctx, snap);
        Map<String, Object> account = snap.account(row);
        List<Map<String, Object>> breakdown = new ArrayList<>();
        for (Signal signal : Signal.values()) {
            Map<String, Object> card = signalFacts(signal);
            card.put("value", account.get(signal.metricColumn()));
            card.put("points", account.get(signal.pointsColumn()));
            breakdown.add(card);
        }
        Snapshot.Insights ins = snap.insights();
        Map<String, Object> insights = null;
        if (ins.recommendation()[row] != null || ins.transcriptSummary()[row] != null) {
            insights = new LinkedHashMap<>();
            insights.put("recommendation", ins.recommendation()[row]);
            insights.put("transcript_summary", ins.transcriptSummary()[row]);
            insights.put("provider", ins.provider()[row]);
            insights.put("model", ins.model()[row]);
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account", account);
        out.put("breakdown", breakdown);
        out.put("insights", insights);
        out.put("history", snap.historyOf(row));
        out.put("run_id", snap.run().runId());
        ctx.json(out);
    }

    /** The windows of ACCOUNT_SCORE_CHANGES as the API names them: 7d, 28d. */
    private static List<String> windowNames() {
        return MartCatalog.SCORE_CHANGE_WINDOWS.stream().map(days -> days + "d").toList();
    }

    private static void rejectUnknownParameters(Context ctx, Set<String> known) {
        for (String k : ctx.queryParamMap().keySet()) {
            if (!known.contains(k)) {
                throw ApiException.badRequest("unknown query parameter '" + k + "'; expected one of "
                        + String.join(", ", known.stream().sorted().toList()));
            }
        }
    }

    /** An optional parameter: absent or empty is the default (as the dashboard sends empty ones). */
    private static String choice(Context ctx, String name, List<String> allowed) {
        String v = ctx.queryParam(name);
        if (v == null || v.isEmpty()) {
            return allowed.get(0);
        }
        if (!allowed.contains(v)) {
            throw ApiException.badRequest(name + ": must be one of " + String.join(", ", allowed) + " (got '" + v + "')");
        }
        return v;
    }

    /** The accounts whose score moved most over the window, each with the sentence saying why. */
    void movers(Context ctx) {
        rejectUnknownParameters(ctx, MOVERS_PARAMS);
        Snapshot snap = snapshot(ctx);
        String window = choice(ctx, "window", windowNames());
        String direction = choice(ctx, "direction", List.of(DOWN, UP));
        int max = settings.moversMaxLimit();
        int limit = ctx.queryParamAsClass("limit", Integer.class).check(v -> v >= 1 && v <= max, "must be between 1 and " + max)
                .getOrDefault(settings.moversDefaultLimit());
        int days = MartCatalog.SCORE_CHANGE_WINDOWS.get(windowNames().indexOf(window));
        Snapshot.Movers movers = snap.movers();
        boolean down = direction.equals(DOWN);
        List<Snapshot.Mover> biggest = movers.biggest(days, down, limit);
        List<Map<String, Object>> out = biggest.stream().map(this::mover).toList();
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("window", window);
        body.put("direction", direction);
        body.put("as_of_date", biggest.isEmpty() ? snap.run().asOfDate() : biggest.get(0).asOfDate());
        body.put("note", !movers.published() ? movers.note()
                : !movers.compared(days) ? "no account has a score " + days + " days before the latest as-of date to compare with: "
                + "the history is shorter than the window (run --history-weeks N)"
                : out.isEmpty() ? "no account's score " + (down ? "fell" : "rose") + " over the last " + days + " days" : null);
        body.put("movers", out);
        ctx.json(body);
    }

    private Map<String, Object> mover(Snapshot.Mover m) {
        List<Map<String, Object>> signals = new ArrayList<>();
        List<ScoreChangeReasons.SignalChange> changes = new ArrayList<>();
        for (Signal signal : Signal.values()) {
            int s = signal.ordinal();
            Map<String, Object> one = new LinkedHashMap<>();
            one.put("signal", signal.key());
            one.put("points_delta", m.pointsDelta()[s]);
            one.put("value", m.value()[s]);
            one.put("value_before", m.valueBefore()[s]);
            signals.add(one);
            changes.add(new ScoreChangeReasons.SignalChange(signal, m.pointsDelta()[s], m.value()[s], m.valueBefore()[s]));
        }
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(Columns.ACCOUNT_ID, m.accountId());
        out.put("score", m.score());
        out.put("score_before", m.scoreBefore());
        out.put("change", m.change());
        out.put("tier", m.tier());
        out.put("tier_before", m.tierBefore());
        out.put("as_of_date_before", m.asOfDateBefore());
        out.put("reason", settings.reasons().sentence(new ScoreChangeReasons.Change(m.change(), changes,
                m.negativeInteractions(), m.topComplaintCategory())));
        out.put("signals", signals);
        return out;
    }

    /** The latest backtest's figures, grouped by figure, items in triage / signal / score order. */
    void backtest(Context ctx) {
        List<Map<String, Object>> rows = snapshot(ctx).backtest().rows();
        Map<String, List<Map<String, Object>>> figures = new LinkedHashMap<>();
        MartCatalog.BACKTEST_FIGURES.forEach(f -> figures.put(f, new ArrayList<>()));
        rows.stream().sorted(Comparator.comparingDouble((Map<String, Object> r) -> itemRank(r.get(Columns.ITEM)))
                        .thenComparing(r -> String.valueOf(r.get(Columns.ITEM))))
                .forEach(r -> {
                    Map<String, Object> figure = new LinkedHashMap<>(r);
                    figure.keySet().removeAll(BACKTEST_HEADER);
                    figures.computeIfAbsent(String.valueOf(r.get(Columns.FIGURE)), k -> new ArrayList<>()).add(figure);
                });
        Map<String, Object> scoreAuc = figures.get(Columns.FIGURE_SCORE_AUC).stream().findFirst().orElse(null);
        Map<String, Object> first = rows.isEmpty() ? Map.of() : rows.get(0);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put(Columns.BACKTEST_ID, first.get(Columns.BACKTEST_ID));
        out.put(Columns.COMPUTED_AT, first.get(Columns.COMPUTED_AT));
        out.put(Columns.HORIZON_DAYS, first.get(Columns.HORIZON_DAYS));
        out.put(Columns.ENOUGH_DATA, scoreAuc != null && Boolean.TRUE.equals(scoreAuc.get(Columns.ENOUGH_DATA)));
        out.put(Columns.NOTE, rows.isEmpty() ? "no backtest has run on this warehouse yet: run `vantagepoint backtest` once "
                + "some weeks of history are scored" : scoreAuc == null ? "the backtest published no score AUC" : scoreAuc.get(Columns.NOTE));
        out.put("figures", figures);
        ctx.json(out);
    }

    /** Where an item sorts within its figure: tiers in triage order, signals in score order, bands by their start. */
    private static double itemRank(Object item) {
        String s = String.valueOf(item);
        Optional<RiskTier> tier = RiskTier.fromLabel(s);
        if (tier.isPresent()) {
            return tier.get().ordinal();
        }
        for (Signal signal : Signal.values()) {
            if (signal.key().equals(s)) {
                return signal.ordinal();
            }
        }
        Matcher band = BAND_START.matcher(s);
        return band.find() ? Double.parseDouble(band.group()) : 0;
    }

    void transcripts(Context ctx) throws Exception {
        Snapshot snap = snapshot(ctx);
        int row = accountRow(ctx, snap);
        String id = snap.column(Snapshot.ID).string(row);
        Principal who = ApiServer.principal(ctx);
        List<Map<String, Object>> rows = snap.transcripts().forAccount(id);
        AUDIT.info("transcripts read user={} account={} at={} run={} count={}", AuditText.of(who.name()), AuditText.of(id), Instant.now(),
                snap.run().runId(), rows.size());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("account_id", id);
        out.put("run_id", snap.run().runId());
        out.put("transcripts", rows);
        ctx.json(out);
    }

    void rag(Context ctx) throws IOException {
        Principal who = ApiServer.principal(ctx);
        long wait = ragLimiter.acquire(who.name());
        if (wait > 0) {
            ctx.header("Retry-After", Long.toString(wait));
            throw new ApiException(429, "rate_limited", "at most " + settings.ragRequestsPerMinute()
                    + " questions per minute; try again in " + wait + " s");
        }
        JsonNode body = body(ctx);
        String query = text(body, "query");
        if (query == null || query.isBlank()) {
            throw ApiException.badRequest("query is required");
        }
        if (query.length() > settings.ragMaxQueryChars()) {
            throw ApiException.badRequest("query must be at most " + settings.ragMaxQueryChars() + " characters");
        }
        Snapshot snap = snapshot(ctx);
        SliceFacts slice = PortfolioQuestions.facts(query, snap);
        PortfolioFacts named = PortfolioQuestions.named(slice, snap);
        Answer answer = answerer.answer(query, named);
        @SuppressWarnings("unchecked")
        Map<String, Object> facts = new LinkedHashMap<>(mapper.convertValue(slice, Map.class));
        facts.put("figures", named.facts().stream().map(Handlers::fact).toList());
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("answer", answer.text());
        out.put("matched", answer.matched());
        out.put("cited", answer.cited().stream().map(Handlers::fact).toList());
        out.put("facts", facts);
        ctx.json(out);
    }

    private static Map<String, Object> fact(PortfolioFacts.Fact f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("value", f.value());
        m.put("out_of", f.outOf());
        m.put("unit", f.unit());
        m.put("text", f.render());
        return m;
    }

    /** The JSON object body, read with a hard cap (also for chunked requests without a Content-Length). */
    private JsonNode body(Context ctx) {
        long max = settings.maxBodyBytes();
        if (ctx.req().getContentLengthLong() > max) {
            throw new ApiException(413, "payload_too_large", "body larger than " + max + " bytes");
        }
        byte[] raw;
        try {
            raw = ctx.req().getInputStream().readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
        } catch (IOException e) {
            throw ApiException.badRequest("cannot read the body");
        }
        if (raw.length > max) {
            throw new ApiException(413, "payload_too_large", "body larger than " + max + " bytes");
        }
        try {
            JsonNode node = json.readTree(raw);
            if (node == null || !node.isObject()) {
                throw ApiException.badRequest("body must be a JSON object");
            }
            return node;
        } catch (IOException e) {
            throw ApiException.badRequest("body is not valid JSON");
        }
    }

    private static String text(JsonNode body, String field) {
        JsonNode n = body.get(field);
        if (n != null && !n.isNull() && !n.isTextual()) {
            throw ApiException.badRequest(field + " must be a string");
        }
        return n == null || n.isNull() ? null : n.asText();
    }
}
