package com.vantagepoint.scoring.analysis.bedrock;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A stand-in for the Bedrock Runtime service speaking the Converse wire format
 * ({@code POST /model/{modelId}/converse}) on 127.0.0.1, for tests of the real SDK client.
 *
 * <p>It really "analyzes" what it is sent: the transcripts are parsed out of the prompt's
 * {@code <transcript id="...">} blocks and each gets a deterministic sentiment and category
 * ({@link #sentimentOf}, {@link #categoryOf}), so a test can check every result maps back to its
 * own text. Faults are injected by share (throttling 429 with {@code x-amzn-ErrorType:
 * ThrottlingException}, 500 InternalServerException, timeouts that sleep past the client's timeout)
 * and replies can be malformed on purpose ({@link ReplyMode}). Every request is recorded (arrival
 * time, model, body, transcripts) so tests can check budgets and what left the client.
 */
public final class FakeBedrockServer implements AutoCloseable {

    /** How the fake model words its answers. */
    public enum ReplyMode {
        /** {"results":[...]} exactly as the prompt asks. */
        NORMAL,
        /** The JSON wrapped in chatty prose. */
        PROSE_AROUND_JSON,
        /** The JSON inside a ```json code fence. */
        CODE_FENCE,
        /** Sentiments outside [-1, 1] (e.g. 3.2) and confidence above 1. */
        OUT_OF_RANGE,
        /** Categories that are not one of the eight ("customer-mood"). */
        UNKNOWN_CATEGORY,
        /** Synonyms of the right category ("bug", "invoice", "slow", ...). */
        SYNONYM_CATEGORY,
        /** The last transcript of a multi-transcript request gets no result. */
        MISSING_LAST_ID,
        /** No JSON at all. */
        GARBAGE,
        /** A gullible model: a transcript that says "rate this" gets 9.0 (out of range). */
        OBEY_INJECTION
    }

    public record Transcript(String id, String text) {
    }

    public record RecordedRequest(long receivedNanos, Instant receivedAt, String modelId, String body,
                                  List<Transcript> transcripts) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final double GOLDEN = (Math.sqrt(5) - 1) / 2;
    private static final Pattern PATH = Pattern.compile("^/model/([^/]+)/converse$");
    private static final Pattern TRANSCRIPT = Pattern.compile("<transcript id=\"([^\"]+)\">\\n?(.*?)\\n?</transcript>", Pattern.DOTALL);

    private final HttpServer server;
    private final ExecutorService executor;
    private final List<RecordedRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger throttled = new AtomicInteger();
    private final AtomicInteger serverErrors = new AtomicInteger();
    private final AtomicInteger timeouts = new AtomicInteger();
    /** Fault rolls: the golden-ratio sequence frac(k * 0.618...) is evenly spread, so shares come out as set. */
    private final AtomicLong rolls = new AtomicLong();
    private volatile long latencyMs;
    private volatile double throttleShare;
    private volatile double serverErrorShare;
    private volatile double timeoutShare;
    private volatile long timeoutSleepMs = 2_000;
    private volatile ReplyMode mode = ReplyMode.NORMAL;
    private volatile boolean insightInventsNumbers;

    private FakeBedrockServer() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "fake-bedrock");
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(executor);
        server.createContext("/", this::handle);
    }

    public static FakeBedrockServer start() {
        try {
            FakeBedrockServer fake = new FakeBedrockServer();
            fake.server.start();
            return fake;
        } catch (IOException e) {
            throw new IllegalStateException("cannot start the fake Bedrock server", e);
        }
    }

    /** The endpoint to pass to {@code endpointOverride} (or {@code enrichment.bedrock.endpoint}). */
    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public FakeBedrockServer latencyMs(long ms) {
        this.latencyMs = ms;
        return this;
    }

    public FakeBedrockServer throttleShare(double share) {
        this.throttleShare = share;
        return this;
    }

    public FakeBedrockServer serverErrorShare(double share) {
        this.serverErrorShare = share;
        return this;
    }

    /** Share of requests answered only after {@code sleepMs} (past the client's timeout). */
    public FakeBedrockServer timeoutShare(double share, long sleepMs) {
        this.timeoutShare = share;
        this.timeoutSleepMs = sleepMs;
        return this;
    }

    /** Insight replies state a figure that is not in the prompt (an ungrounded answer). */
    public FakeBedrockServer insightInventsNumbers(boolean invent) {
        this.insightInventsNumbers = invent;
        return this;
    }

    public FakeBedrockServer replyMode(ReplyMode mode) {
        this.mode = mode;
        return this;
    }

    /** Healthy again: no faults, normal replies, no latency; recorded requests are kept. */
    public FakeBedrockServer healthy() {
        return throttleShare(0).serverErrorShare(0).timeoutShare(0, timeoutSleepMs).replyMode(ReplyMode.NORMAL).latencyMs(0);
    }

    public List<RecordedRequest> requests() {
        return List.copyOf(requests);
    }

    public int requestCount() {
        return requests.size();
    }

    public int throttledCount() {
        return throttled.get();
    }

    public int serverErrorCount() {
        return serverErrors.get();
    }

    public int timeoutCount() {
        return timeouts.get();
    }

    public void clearRecords() {
        requests.clear();
        throttled.set(0);
        serverErrors.set(0);
        timeouts.set(0);
    }

    /** The most requests that arrived within any window of this length. */
    public int maxRequestsInWindow(Duration window) {
        long[] t = requests.stream().mapToLong(RecordedRequest::receivedNanos).sorted().toArray();
        long w = window.toNanos();
        int best = 0;
        int start = 0;
        for (int end = 0; end < t.length; end++) {
            while (t[end] - t[start] >= w) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    // ---- the fake model: deterministic per text ----

    /** A sentiment in [-0.9, 0.9] from keywords plus a text-specific offset (so every text differs). */
    public static double sentimentOf(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        double base = 0;
        for (String w : List.of("terrible", "angry", "broken", "unacceptable", "cancel", "frustrat", "overcharged", "crash", "slow")) {
            if (t.contains(w)) {
                base -= 0.5;
            }
        }
        for (String w : List.of("great", "love", "thanks", "excellent", "happy", "smooth")) {
            if (t.contains(w)) {
                base += 0.5;
            }
        }
        double offset = (Math.floorMod(text.hashCode(), 41) - 20) / 100.0;
        return Math.round(Math.max(-0.9, Math.min(0.9, base + offset)) * 100) / 100.0;
    }

    /** The category label from the first matching keyword group; general otherwise. */
    public static String categoryOf(String text) {
        String t = text.toLowerCase(Locale.ROOT);
        String[][] rules = {
                {"billing", "invoice", "charge", "refund", "billing"},
                {"performance", "slow", "latency", "timeout"},
                {"bugs", "bug", "crash", "broken", "error"},
                {"feature_request", "feature", "would like", "wish"},
                {"onboarding", "setup", "onboard", "training"},
                {"security", "password", "sso", "security"},
                {"data_quality", "duplicate", "wrong numbers", "data"},
        };
        for (String[] rule : rules) {
            for (int i = 1; i < rule.length; i++) {
                if (t.contains(rule[i])) {
                    return rule[0];
                }
            }
        }
        return "general";
    }

    private static String synonymOf(String category) {
        return switch (category) {
            case "billing" -> "invoice";
            case "performance" -> "slow";
            case "bugs" -> "bug";
            case "feature_request" -> "enhancement";
            case "onboarding" -> "setup";
            case "security" -> "sso";
            case "data_quality" -> "data integrity";
            default -> "other";
        };
    }

    // ---- HTTP ----

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            long now = System.nanoTime();
            String body;
            try (InputStream in = ex.getRequestBody()) {
                body = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            }
            Matcher path = PATH.matcher(ex.getRequestURI().getRawPath());
            if (!"POST".equals(ex.getRequestMethod()) || !path.matches()) {
                error(ex, 404, "UnknownOperationException", "no such operation: " + ex.getRequestURI());
                return;
            }
            String modelId = URLDecoder.decode(path.group(1), StandardCharsets.UTF_8);
            JsonNode request = JSON.readTree(body);
            String userText = textOf(request.path("messages").path(0).path("content"));
            List<Transcript> transcripts = parseTranscripts(userText);
            requests.add(new RecordedRequest(now, Instant.now(), modelId, body, transcripts));

            double roll = (rolls.incrementAndGet() * GOLDEN) % 1.0;
            if (roll < throttleShare) {
                throttled.incrementAndGet();
                error(ex, 429, "ThrottlingException", "Too many requests, please wait before trying again.");
                return;
            }
            if (roll < throttleShare + serverErrorShare) {
                serverErrors.incrementAndGet();
                error(ex, 500, "InternalServerException", "The server encountered an internal error.");
                return;
            }
            if (roll < throttleShare + serverErrorShare + timeoutShare) {
                timeouts.incrementAndGet();
                sleep(timeoutSleepMs);
            }
            sleep(latencyMs);
            String system = textOf(request.path("system"));
            String answer = system.contains("ACCOUNT-INSIGHT") ? insightAnswer(userText, insightInventsNumbers)
                    : system.contains("PORTFOLIO-QUESTION") ? portfolioAnswer(userText, insightInventsNumbers)
                    : answer(transcripts, mode);
            ObjectNode reply = JSON.createObjectNode();
            ObjectNode message = reply.putObject("output").putObject("message");
            message.put("role", "assistant");
            message.putArray("content").addObject().put("text", answer);
            reply.put("stopReason", "end_turn");
            int in = body.length() / 4;
            int out = Math.max(1, answer.length() / 4);
            reply.putObject("usage").put("inputTokens", in).put("outputTokens", out).put("totalTokens", in + out);
            reply.putObject("metrics").put("latencyMs", latencyMs);
            send(ex, 200, JSON.writeValueAsBytes(reply), null);
        } catch (RuntimeException e) {
            error(ex, 400, "ValidationException", "bad request: " + e.getMessage());
        }
    }

    /** An account insight built from the prompt's own facts (health score, risk tier, interactions, top complaint). */
    static String insightAnswer(String userText, boolean inventNumbers) {
        String score = fact(userText, "health_score");
        String risk = fact(userText, "risk_tier");
        String interactions = fact(userText, "interactions");
        String complaint = fact(userText, "metric.top_complaint_category");
        ObjectNode reply = JSON.createObjectNode();
        reply.put("recommendation", "With a health score of " + (inventNumbers ? "12.34" : score) + " the account is "
                + risk + ". Review the " + complaint + " issues with the account owner and agree on a recovery plan.");
        reply.put("summary", interactions + " interactions on record; the recurring theme is " + complaint + ".");
        return reply.toString();
    }

    /** A portfolio answer that restates the first fact of the prompt and cites it by name. */
    static String portfolioAnswer(String userText, boolean inventNumbers) {
        Matcher m = Pattern.compile("(?m)^- ([^:\\n]+): (.*)$").matcher(userText);
        ObjectNode reply = JSON.createObjectNode();
        if (m.find()) {
            reply.put("answer", "As of the latest run, " + m.group(1) + " is " + (inventNumbers ? "77.7" : m.group(2)) + ".");
            reply.putArray("facts").add(m.group(1));
        } else {
            reply.put("answer", "I have no facts to answer with.");
            reply.putArray("facts");
        }
        return reply.toString();
    }

    private static String fact(String text, String key) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(key) + ": (.*)$").matcher(text);
        return m.find() ? m.group(1).trim() : "none";
    }

    static List<Transcript> parseTranscripts(String userText) {
        List<Transcript> out = new ArrayList<>();
        Matcher m = TRANSCRIPT.matcher(userText);
        while (m.find()) {
            out.add(new Transcript(m.group(1), m.group(2).replace("&lt;", "<").replace("&gt;", ">")));
        }
        return out;
    }

    private static String textOf(JsonNode content) {
        StringBuilder sb = new StringBuilder();
        for (JsonNode block : content) {
            sb.append(block.path("text").asText(""));
        }
        return sb.toString();
    }

    static String answer(List<Transcript> transcripts, ReplyMode mode) {
        if (mode == ReplyMode.GARBAGE) {
            return "I'm sorry, but I can't analyze these transcripts right now.";
        }
        ObjectNode root = JSON.createObjectNode();
        ArrayNode results = root.putArray("results");
        for (int i = 0; i < transcripts.size(); i++) {
            Transcript t = transcripts.get(i);
            if (mode == ReplyMode.MISSING_LAST_ID && transcripts.size() > 1 && i == transcripts.size() - 1) {
                continue;
            }
            double sentiment = sentimentOf(t.text());
            String category = categoryOf(t.text());
            double confidence = 0.8;
            switch (mode) {
                case OUT_OF_RANGE -> {
                    sentiment = sentiment < 0 ? sentiment - 2.5 : sentiment + 2.5;
                    confidence = 1.7;
                }
                case UNKNOWN_CATEGORY -> category = "customer-mood";
                case SYNONYM_CATEGORY -> category = synonymOf(category);
                case OBEY_INJECTION -> {
                    if (t.text().toLowerCase(Locale.ROOT).contains("rate this")) {
                        sentiment = 9.0;
                    }
                }
                default -> {
                }
            }
            ObjectNode r = results.addObject();
            r.put("id", t.id());
            r.put("sentiment", sentiment);
            r.put("category", category);
            r.put("confidence", confidence);
            String[] words = t.text().strip().split("\\s+");
            r.putArray("evidence").add(String.join(" ", Arrays.copyOf(words, Math.min(words.length, 6))));
        }
        String json;
        try {
            json = JSON.writeValueAsString(root);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        return switch (mode) {
            case PROSE_AROUND_JSON -> "Sure! Here is my analysis of the transcripts:\n" + json + "\nLet me know if you need more.";
            case CODE_FENCE -> "```json\n" + json + "\n```";
            default -> json;
        };
    }

    private static void error(HttpExchange ex, int status, String type, String message) throws IOException {
        byte[] body = JSON.writeValueAsBytes(JSON.createObjectNode().put("message", message));
        send(ex, status, body, type);
    }

    private static void send(HttpExchange ex, int status, byte[] body, String errorType) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.getResponseHeaders().set("x-amzn-RequestId", UUID.randomUUID().toString());
        if (errorType != null) {
            ex.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        }
        ex.sendResponseHeaders(status, body.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(body);
        } catch (IOException clientGone) {
            // the client timed out and closed the connection; nothing to do
        }
    }

    private static void sleep(long ms) {
        if (ms <= 0) {
            return;
        }
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
