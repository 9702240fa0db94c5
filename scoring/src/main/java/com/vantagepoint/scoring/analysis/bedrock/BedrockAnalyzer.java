package com.vantagepoint.scoring.analysis.bedrock;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.analysis.ComplaintCategory;
import com.vantagepoint.scoring.analysis.TranscriptAnalysis;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.exception.AbortedException;
import software.amazon.awssdk.core.exception.ApiCallAttemptTimeoutException;
import software.amazon.awssdk.core.exception.ApiCallTimeoutException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClientBuilder;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.ModelNotReadyException;
import software.amazon.awssdk.services.bedrockruntime.model.ModelTimeoutException;
import software.amazon.awssdk.services.bedrockruntime.model.ServiceQuotaExceededException;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Transcript analysis by an Amazon Bedrock model through the Converse API.
 *
 * <p>One instance per JVM (per Spark executor), reused across partitions; thread-safe. Each call to
 * {@link #enrich} splits its items into batches of {@code batch-size}, runs up to
 * {@code max-concurrency} model calls at a time (a semaphore shared by all callers), spends the
 * executor's share of the requests- and tokens-per-minute budget before every attempt, retries
 * throttling, 5xx and timeouts with exponential backoff and full jitter, and stops calling through a
 * circuit breaker when the service keeps failing. Every reply is validated by {@link ReplyParser};
 * ids missing from a batch reply are retried one by one; whatever still has no valid answer is
 * analyzed by the injected fallback analyzer and marked {@code fallback}. No item is ever dropped.
 *
 * <p>Text is redacted by {@link PiiRedactor} before it leaves (when {@code redact-pii} is on) and is
 * delimited as data in the prompt ({@link BedrockPrompt}); a transcript cannot move its own score out
 * of range because every score is clamped on the way back.
 */
public final class BedrockAnalyzer implements TranscriptAnalyzer, AutoCloseable {
    public static final String PROVIDER = "bedrock";
    private static final Logger LOG = LoggerFactory.getLogger(BedrockAnalyzer.class);
    /** Attempts to get a parseable reply for the same request before giving up on it. */
    private static final int CONTENT_ATTEMPTS = 2;
    private static final int EXPECTED_OUTPUT_TOKENS_PER_ITEM = 60;
    private static final int MAX_OUTPUT_TOKENS_PER_ITEM = 120;

    private final BedrockSettings settings;
    private final BedrockRuntimeClient client;
    private final boolean ownsClient;
    private final TranscriptAnalyzer fallback;
    private final BedrockPrompt prompt;
    private final RateBudget budget;
    private final Semaphore concurrency;
    private final CircuitBreaker breaker;
    private final UsageMeter meter;
    private final TimeSource time;
    private final ExecutorService pool;

    private BedrockAnalyzer(Builder b) {
        this.settings = b.settings;
        this.fallback = b.fallback;
        this.time = b.time;
        this.prompt = BedrockPrompt.load(settings.promptVersion());
        this.ownsClient = b.client == null;
        this.client = b.client != null ? b.client : buildClient(settings, b.credentials);
        this.budget = new RateBudget(settings.requestsPerMinutePerExecutor(), settings.tokensPerMinutePerExecutor(),
                settings.maxConcurrency(), time);
        this.concurrency = new Semaphore(settings.maxConcurrency(), true);
        this.breaker = new CircuitBreaker(settings.circuitFailureThreshold(), settings.circuitOpenMs(), time);
        this.meter = new UsageMeter(settings.pricePer1kInputTokens(), settings.pricePer1kOutputTokens());
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(settings.maxConcurrency(), r -> {
            Thread t = new Thread(r, "bedrock-enrich-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The analyzer configured by {@code enrichment.bedrock}, with default AWS credentials. */
    public static BedrockAnalyzer fromConfig(Config vantagepoint, TranscriptAnalyzer fallback) {
        return builder(BedrockSettings.fromConfig(vantagepoint), fallback).build();
    }

    public static Builder builder(BedrockSettings settings, TranscriptAnalyzer fallback) {
        return new Builder(settings, fallback);
    }

    /** A Bedrock Runtime client built like the analyzer's (for other Converse users, e.g. insights). */
    public static BedrockRuntimeClient newClient(BedrockSettings s, AwsCredentialsProvider credentials) {
        return buildClient(s, credentials);
    }

    /** The SDK client: JDK URL-connection transport, no SDK retries (ours are budgeted), our timeouts. */
    static BedrockRuntimeClient buildClient(BedrockSettings s, AwsCredentialsProvider credentials) {
        Duration timeout = Duration.ofMillis(s.requestTimeoutMs());
        BedrockRuntimeClientBuilder builder = BedrockRuntimeClient.builder()
                .region(Region.of(s.region()))
                .credentialsProvider(credentials != null ? credentials : DefaultCredentialsProvider.builder().build())
                .httpClientBuilder(UrlConnectionHttpClient.builder()
                        .connectionTimeout(timeout.compareTo(Duration.ofSeconds(10)) < 0 ? timeout : Duration.ofSeconds(10))
                        .socketTimeout(timeout))
                .overrideConfiguration(o -> o
                        .retryStrategy(AwsRetryStrategy.doNotRetry())
                        .apiCallAttemptTimeout(timeout)
                        .apiCallTimeout(timeout));
        s.endpoint().ifPresent(builder::endpointOverride);
        return builder.build();
    }

    @Override
    public String provider() {
        return PROVIDER;
    }

    @Override
    public String model() {
        return settings.modelId();
    }

    public String promptVersion() {
        return prompt.version();
    }

    public BedrockSettings settings() {
        return settings;
    }

    public UsageMeter.Snapshot usage() {
        return meter.snapshot();
    }

    public CircuitBreaker.State circuitState() {
        return breaker.state();
    }

    @Override
    public TranscriptAnalysis analyze(String text) {
        return enrich(List.of(new TextItem("0", text))).get(0).analysis();
    }

    @Override
    public List<TranscriptAnalysis> analyzeAll(List<String> texts) {
        List<TextItem> items = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            items.add(new TextItem(Integer.toString(i), texts.get(i)));
        }
        return enrich(items).stream().map(EnrichmentResult::analysis).toList();
    }

    /**
     * Enriches every item; the result list has the same size and order as {@code items}.
     * Blocks until all batches are done.
     */
    public List<EnrichmentResult> enrich(List<TextItem> items) {
        return enrich(items, meter);
    }

    /**
     * Like {@link #enrich(List)}, and also returns the usage of this call alone (calls, retries,
     * tokens, ... also counted in {@link #usage()}): what a Spark task adds to the run's accumulators
     * while other tasks share this analyzer.
     */
    public Enriched enrichWithUsage(List<TextItem> items) {
        UsageMeter callMeter = meter.child();
        List<EnrichmentResult> results = enrich(items, callMeter);
        return new Enriched(results, callMeter.snapshot());
    }

    /** Results in input order and the usage they cost. */
    public record Enriched(List<EnrichmentResult> results, UsageMeter.Snapshot usage) {
    }

    private List<EnrichmentResult> enrich(List<TextItem> items, UsageMeter m) {
        EnrichmentResult[] results = new EnrichmentResult[items.size()];
        List<List<Integer>> batches = new ArrayList<>();
        List<Integer> blank = new ArrayList<>();
        List<Integer> current = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            if (items.get(i).text().isBlank()) {
                blank.add(i);
                continue;
            }
            current.add(i);
            if (current.size() == settings.batchSize()) {
                batches.add(current);
                current = new ArrayList<>();
            }
        }
        if (!current.isEmpty()) {
            batches.add(current);
        }
        fallBack(items, blank, results, m);
        if (batches.size() == 1) {
            processBatchSafely(items, batches.get(0), results, m);
        } else if (!batches.isEmpty()) {
            CompletableFuture<?>[] futures = batches.stream()
                    .map(batch -> CompletableFuture.runAsync(() -> processBatchSafely(items, batch, results, m), pool))
                    .toArray(CompletableFuture[]::new);
            CompletableFuture.allOf(futures).join();
        }
        for (int i = 0; i < results.length; i++) {
            if (results[i] == null) {
                // Only after an unexpected error in a batch: no record is ever dropped.
                fallBack(items, List.of(i), results, m);
            }
        }
        return Arrays.asList(results);
    }

    private void processBatchSafely(List<TextItem> items, List<Integer> batch, EnrichmentResult[] results, UsageMeter m) {
        try {
            processBatch(items, batch, results, m);
        } catch (RuntimeException e) {
            LOG.warn("unexpected error enriching a batch of {}; unfinished records fall back", batch.size(), e);
        }
    }

    private void processBatch(List<TextItem> items, List<Integer> batch, EnrichmentResult[] results, UsageMeter m) {
        List<Integer> missing;
        try {
            Map<Integer, ReplyParser.Item> got = callAndParse(textsOf(items, batch), m);
            missing = store(batch, got, results, m);
        } catch (CallFailedException e) {
            fallBack(items, batch, results, m);
            return;
        }
        if (missing.isEmpty()) {
            return;
        }
        if (batch.size() == 1) {
            fallBack(items, missing, results, m);
            return;
        }
        LOG.debug("reply lacked {} of {} ids; retrying them one by one", missing.size(), batch.size());
        for (Integer index : missing) {
            List<Integer> single = List.of(index);
            try {
                m.retry();
                List<Integer> stillMissing = store(single, callAndParse(textsOf(items, single), m), results, m);
                fallBack(items, stillMissing, results, m);
            } catch (CallFailedException e) {
                fallBack(items, single, results, m);
            }
        }
    }

    /** Stores results by prompt position; returns the item indexes that got none. */
    private List<Integer> store(List<Integer> batch, Map<Integer, ReplyParser.Item> got, EnrichmentResult[] results, UsageMeter m) {
        List<Integer> missing = new ArrayList<>();
        long repaired = 0;
        for (int pos = 0; pos < batch.size(); pos++) {
            ReplyParser.Item item = got.get(pos);
            if (item == null) {
                missing.add(batch.get(pos));
                continue;
            }
            if (item.repaired()) {
                repaired++;
            }
            results[batch.get(pos)] = new EnrichmentResult(item.analysis(),
                    item.repaired() ? EnrichmentResult.REPAIRED : EnrichmentResult.OK, PROVIDER, settings.modelId());
        }
        m.repaired(repaired);
        return missing;
    }

    private List<String> textsOf(List<TextItem> items, List<Integer> batch) {
        List<String> texts = new ArrayList<>(batch.size());
        for (Integer i : batch) {
            String text = items.get(i).text();
            texts.add(settings.redactPii() ? PiiRedactor.redact(text) : text);
        }
        return texts;
    }

    /** One request for these texts; results by position. Re-asks once when the reply is unusable. */
    private Map<Integer, ReplyParser.Item> callAndParse(List<String> texts, UsageMeter m) throws CallFailedException {
        String user = prompt.user(texts);
        Set<String> ids = new LinkedHashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            ids.add(BedrockPrompt.promptId(i));
        }
        for (int attempt = 1; ; attempt++) {
            String reply = converse(user, texts.size(), m);
            try {
                return ReplyParser.parse(reply, ids).entrySet().stream()
                        .collect(Collectors.toMap(e -> Integer.parseInt(e.getKey().substring(1)) - 1, Map.Entry::getValue));
            } catch (ReplyParser.InvalidReplyException e) {
                if (attempt >= CONTENT_ATTEMPTS) {
                    throw new CallFailedException("unusable reply: " + e.getMessage(), null);
                }
                m.retry();
            }
        }
    }

    /** One Converse call with budget, concurrency bound, retries and the circuit breaker. Returns the reply text. */
    private String converse(String user, int count, UsageMeter m) throws CallFailedException {
        ConverseRequest request = ConverseRequest.builder()
                .modelId(settings.modelId())
                .system(SystemContentBlock.builder().text(prompt.system()).build())
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(user)).build())
                .inferenceConfig(InferenceConfiguration.builder()
                        .maxTokens(MAX_OUTPUT_TOKENS_PER_ITEM * count + 100)
                        .temperature(0f)
                        .build())
                .build();
        long estimate = RateBudget.estimateTokens(prompt.system().length() + user.length())
                + (long) EXPECTED_OUTPUT_TOKENS_PER_ITEM * count;
        for (int attempt = 0; ; attempt++) {
            if (!breaker.allowRequest()) {
                m.circuitOpenSkip();
                throw new CallFailedException("circuit breaker open", null);
            }
            SdkException failure;
            try {
                concurrency.acquire();
                try {
                    budget.acquire(estimate);
                    m.call();
                    ConverseResponse response = client.converse(request);
                    breaker.recordSuccess();
                    account(response, estimate, m);
                    return replyText(response);
                } finally {
                    concurrency.release();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CallFailedException("interrupted", e);
            } catch (AbortedException e) {
                throw new CallFailedException("aborted", e);
            } catch (SdkException e) {
                failure = e;
            }
            m.error();
            breaker.recordFailure();
            boolean throttled = isThrottle(failure);
            if (throttled) {
                m.throttle();
                budget.correctTokens(estimate, 0);
            }
            if (!isRetryable(failure) || attempt >= settings.maxRetries()) {
                LOG.warn("Bedrock call failed after {} attempt(s): {}", attempt + 1, describe(failure));
                throw new CallFailedException(describe(failure), failure);
            }
            m.retry();
            try {
                time.sleepNanos(TimeUnit.MILLISECONDS.toNanos(backoffMs(attempt)));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CallFailedException("interrupted", e);
            }
        }
    }

    private void account(ConverseResponse response, long estimate, UsageMeter m) {
        TokenUsage usage = response.usage();
        long in = usage != null && usage.inputTokens() != null ? usage.inputTokens() : 0;
        long out = usage != null && usage.outputTokens() != null ? usage.outputTokens() : 0;
        m.tokens(in, out);
        if (usage != null) {
            budget.correctTokens(estimate, in + out);
        }
    }

    private static String replyText(ConverseResponse response) {
        if (response.output() == null || response.output().message() == null) {
            return "";
        }
        StringBuilder sb = new StringBuilder();
        for (ContentBlock block : response.output().message().content()) {
            if (block.text() != null) {
                sb.append(block.text());
            }
        }
        return sb.toString();
    }

    /** Exponential backoff with full jitter: uniform in [0, min(max, base * 2^attempt)]. */
    long backoffMs(int attempt) {
        long cap = settings.baseBackoffMs() * (1L << Math.min(attempt, 30));
        cap = Math.min(settings.maxBackoffMs(), cap < 0 ? Long.MAX_VALUE : cap);
        return cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1);
    }

    static boolean isThrottle(SdkException e) {
        if (e instanceof ThrottlingException) {
            return true;
        }
        if (e instanceof AwsServiceException ase) {
            String code = ase.awsErrorDetails() != null ? ase.awsErrorDetails().errorCode() : null;
            return ase.statusCode() == 429 || "ThrottlingException".equals(code);
        }
        return false;
    }

    /** Throttling, quota, 5xx, model timeouts and transport timeouts / I/O errors are worth another try. */
    static boolean isRetryable(SdkException e) {
        if (isThrottle(e) || e instanceof ServiceQuotaExceededException || e instanceof ModelNotReadyException
                || e instanceof ModelTimeoutException) {
            return true;
        }
        if (e instanceof AwsServiceException ase) {
            return ase.statusCode() >= 500 || ase.statusCode() == 408;
        }
        if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException) {
            return true;
        }
        if (e instanceof SdkClientException) {
            for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
                if (c instanceof IOException) {
                    return true;
                }
            }
        }
        return false;
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return ase.awsErrorDetails().errorCode() + " (HTTP " + ase.statusCode() + ")";
        }
        return e.getClass().getSimpleName() + ": " + e.getMessage();
    }

    private void fallBack(List<TextItem> items, List<Integer> indexes, EnrichmentResult[] results, UsageMeter m) {
        if (indexes.isEmpty()) {
            return;
        }
        List<String> texts = indexes.stream().map(i -> items.get(i).text()).toList();
        List<TranscriptAnalysis> analyses;
        try {
            analyses = fallback.analyzeAll(texts);
        } catch (RuntimeException e) {
            LOG.warn("fallback analyzer failed; marking {} record(s) neutral", indexes.size(), e);
            analyses = texts.stream().map(t -> new TranscriptAnalysis(0.0, ComplaintCategory.GENERAL, 0.0, List.of())).toList();
        }
        for (int k = 0; k < indexes.size(); k++) {
            results[indexes.get(k)] = new EnrichmentResult(analyses.get(k), EnrichmentResult.FALLBACK,
                    fallback.provider(), fallback.model());
        }
        m.fallbacks(indexes.size());
    }

    @Override
    public void close() {
        pool.shutdownNow();
        if (ownsClient) {
            client.close();
        }
    }

    /** A batch that got no usable answer from the model. */
    private static final class CallFailedException extends Exception {
        CallFailedException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }

    public static final class Builder {
        private final BedrockSettings settings;
        private final TranscriptAnalyzer fallback;
        private AwsCredentialsProvider credentials;
        private BedrockRuntimeClient client;
        private TimeSource time = TimeSource.SYSTEM;

        private Builder(BedrockSettings settings, TranscriptAnalyzer fallback) {
            this.settings = settings;
            this.fallback = fallback;
        }

        /** Credentials instead of the default provider chain (tests: static credentials). */
        public Builder credentials(AwsCredentialsProvider credentials) {
            this.credentials = credentials;
            return this;
        }

        /** A ready client (not closed by the analyzer); otherwise one is built from the settings. */
        public Builder client(BedrockRuntimeClient client) {
            this.client = client;
            return this;
        }

        /** The clock for the budget, backoff and circuit breaker (tests: a compressed clock). */
        public Builder timeSource(TimeSource time) {
            this.time = time;
            return this;
        }

        public BedrockAnalyzer build() {
            if (fallback == null) {
                throw new IllegalArgumentException("a fallback analyzer is required");
            }
            return new BedrockAnalyzer(this);
        }
    }
}
