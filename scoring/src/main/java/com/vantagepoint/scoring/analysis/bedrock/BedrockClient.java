package com.vantagepoint.scoring.analysis.bedrock;

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
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ThrottlingException;
import software.amazon.awssdk.services.bedrockruntime.model.ValidationException;
import software.amazon.awssdk.services.bedrockruntime.model.TokenUsage;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * The one way this project talks to a Bedrock model: Converse calls with a single policy for every user (transcript
 * analysis, account insights, portfolio answers). Before each attempt the call takes a slot of {@code max-concurrency}
 * and the executor's share of the requests- and tokens-per-minute budget; it retries throttling (429), 5xx, 408,
 * model-not-ready, timeouts and I/O errors with exponential backoff and full jitter, never other 4xx; and a circuit
 * breaker stops calling while the service keeps failing. Every attempt, retry, throttle, error and token is counted
 * in this client's {@link UsageMeter}. Thread-safe.
 */
public final class BedrockClient implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(BedrockClient.class);

    private final BedrockSettings settings;
    private final BedrockRuntimeClient sdk;
    private final RateBudget budget;
    private final Semaphore concurrency;
    private final CircuitBreaker breaker;
    private final UsageMeter meter;
    private final TimeSource time;
    /** Why Bedrock cannot serve this run at all (no credentials, no access, unknown model); null while it can. */
    private volatile String unavailable;

    private BedrockClient(BedrockSettings settings, BedrockRuntimeClient sdk, TimeSource time) {
        this.settings = settings;
        this.sdk = sdk;
        this.time = time;
        this.budget = new RateBudget(settings.requestsPerMinutePerExecutor(), settings.tokensPerMinutePerExecutor(),
                settings.maxConcurrency(), time);
        this.concurrency = new Semaphore(settings.maxConcurrency(), true);
        this.breaker = new CircuitBreaker(settings.circuitFailureThreshold(), settings.circuitOpenMs(), time);
        this.meter = new UsageMeter(settings.pricePer1kInputTokens(), settings.pricePer1kOutputTokens());
    }

    /**
     * A client for these settings.
     *
     * @param credentials null for the default provider chain
     */
    public static BedrockClient create(BedrockSettings settings, AwsCredentialsProvider credentials, TimeSource time) {
        return new BedrockClient(settings, buildSdkClient(settings, credentials), time);
    }

    /** The SDK client: JDK URL-connection transport, no SDK retries (ours are budgeted), our timeouts. */
    static BedrockRuntimeClient buildSdkClient(BedrockSettings s, AwsCredentialsProvider credentials) {
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

    public BedrockSettings settings() {
        return settings;
    }

    /** Everything metered so far, by every caller. */
    public UsageMeter.Snapshot usage() {
        return meter.snapshot();
    }

    /** A meter for one unit of work whose counts also go to this client's (what a Spark task reports). */
    public UsageMeter childMeter() {
        return meter.child();
    }

    public CircuitBreaker.State circuitState() {
        return breaker.state();
    }

    /** {@link #converse(String, String, int, long, UsageMeter)} expecting half of {@code maxTokens}, metered here. */
    public String converse(String system, String user, int maxTokens) throws CallFailedException {
        return converse(system, user, maxTokens, maxTokens / 2, meter);
    }

    /**
     * One Converse exchange at temperature 0, retried under this client's policy.
     *
     * @param expectedOutputTokens what the reply is expected to cost, charged to the token budget up front
     * @param m                    the meter to count on ({@link #childMeter()} or this client's)
     * @return the reply text
     * @throws CallFailedException when the breaker is open, the call was interrupted (the flag is kept), or the last
     *                             allowed attempt failed or the failure is not worth another try
     */
    public String converse(String system, String user, int maxTokens, long expectedOutputTokens, UsageMeter m)
            throws CallFailedException {
        ConverseRequest request = ConverseRequest.builder()
                .modelId(settings.modelId())
                .system(SystemContentBlock.builder().text(system).build())
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(user)).build())
                .inferenceConfig(InferenceConfiguration.builder().maxTokens(maxTokens).temperature(0f).build())
                .build();
        long estimate = RateBudget.estimateTokens(system.length() + user.length()) + expectedOutputTokens;
        try {
            return withRetries(request, estimate, m);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CallFailedException("interrupted", e);
        }
    }

    private String withRetries(ConverseRequest request, long estimate, UsageMeter m)
            throws CallFailedException, InterruptedException {
        for (int attempt = 0; ; attempt++) {
            String cannot = unavailable;
            if (cannot != null) {
                m.circuitOpenSkip();
                throw new CallFailedException("Bedrock unavailable: " + cannot, null);
            }
            if (!breaker.allowRequest()) {
                m.circuitOpenSkip();
                throw new CallFailedException("circuit breaker open", null);
            }
            SdkException failure;
            try {
                return attempt(request, estimate, m);
            } catch (AbortedException e) {
                throw new CallFailedException("aborted", e);
            } catch (SdkException e) {
                failure = e;
            }
            recordFailure(failure, estimate, m);
            if (isUnavailable(failure)) {
                markUnavailable(describe(failure));
                throw new CallFailedException(describe(failure), failure);
            }
            if (!isRetryable(failure) || attempt >= settings.maxRetries()) {
                LOG.warn("Bedrock call failed after {} attempt(s): {}", attempt + 1, describe(failure));
                throw new CallFailedException(describe(failure), failure);
            }
            m.retry();
            time.sleepNanos(TimeUnit.MILLISECONDS.toNanos(backoffMs(attempt)));
        }
    }

    /** The first such failure is logged once; every later call falls back at once instead of learning it again. */
    private synchronized void markUnavailable(String reason) {
        if (unavailable == null) {
            unavailable = reason;
            LOG.warn("Bedrock unavailable for this run: {}; every further call falls back to the local provider at once",
                    reason);
        }
    }

    /** One request under the concurrency bound and the budget. */
    private String attempt(ConverseRequest request, long estimate, UsageMeter m) throws InterruptedException {
        concurrency.acquire();
        try {
            budget.acquire(estimate);
            m.call();
            ConverseResponse response = sdk.converse(request);
            breaker.recordSuccess();
            account(response, estimate, m);
            return replyText(response);
        } finally {
            concurrency.release();
        }
    }

    private void recordFailure(SdkException failure, long estimate, UsageMeter m) {
        m.error();
        breaker.recordFailure();
        if (isThrottle(failure)) {
            m.throttle();
            // A throttled request consumed no tokens: give the estimate back.
            budget.correctTokens(estimate, 0);
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
    private long backoffMs(int attempt) {
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

    /**
     * Throttling, 5xx, 408, model-not-ready, model and transport timeouts and I/O errors are worth another try;
     * other 4xx (bad request, access, quota) are not: the same request would fail the same way.
     */
    static boolean isRetryable(SdkException e) {
        if (isThrottle(e) || e instanceof ModelNotReadyException || e instanceof ModelTimeoutException) {
            return true;
        }
        if (e instanceof AwsServiceException ase) {
            return ase.statusCode() >= 500 || ase.statusCode() == 408;
        }
        if (e instanceof ApiCallAttemptTimeoutException || e instanceof ApiCallTimeoutException) {
            return true;
        }
        return e instanceof SdkClientException && hasIoCause(e);
    }

    /**
     * Failures that every later call would meet too: no credentials, refused credentials or access, an unknown
     * model. Per-request problems (a bad request, throttling, quota) are not among them.
     */
    static boolean isUnavailable(SdkException e) {
        String message = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof ValidationException && message.contains("model identifier")) {
            return true;
        }
        if (e instanceof AwsServiceException ase) {
            String code = ase.awsErrorDetails() != null ? ase.awsErrorDetails().errorCode() : "";
            return ase.statusCode() == 401 || ase.statusCode() == 403 || ase.statusCode() == 404
                    || "UnrecognizedClientException".equals(code) || "ExpiredTokenException".equals(code)
                    || "AccessDeniedException".equals(code) || "ResourceNotFoundException".equals(code);
        }
        return e instanceof SdkClientException && !hasIoCause(e) && message.contains("credentials");
    }

    private static boolean hasIoCause(Throwable e) {
        for (Throwable c = e.getCause(); c != null; c = c.getCause()) {
            if (c instanceof IOException) {
                return true;
            }
        }
        return false;
    }

    private static String describe(SdkException e) {
        if (e instanceof AwsServiceException ase && ase.awsErrorDetails() != null) {
            return ase.awsErrorDetails().errorCode() + " (HTTP " + ase.statusCode() + ")";
        }
        // The SDK's credential-chain message lists every provider it tried (over a kilobyte): the first sentence says it.
        String message = e.getMessage() == null ? "" : e.getMessage();
        int end = message.indexOf(". ");
        return e.getClass().getSimpleName() + ": " + (end > 0 ? message.substring(0, end + 1) : message);
    }

    @Override
    public void close() {
        sdk.close();
    }

    /** A call that got no usable answer from the model; the caller falls back. */
    public static final class CallFailedException extends Exception {
        CallFailedException(String message, Throwable cause) {
            super(message, cause, false, false);
        }
    }
}
