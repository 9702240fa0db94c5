package com.vantagepoint.scoring.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import com.vantagepoint.scoring.analysis.bedrock.BedrockAnalyzer;
import com.vantagepoint.scoring.analysis.bedrock.BedrockSettings;
import com.vantagepoint.scoring.analysis.bedrock.RateBudget;
import com.vantagepoint.scoring.analysis.bedrock.TimeSource;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.bedrockruntime.BedrockRuntimeClient;
import software.amazon.awssdk.services.bedrockruntime.model.ContentBlock;
import software.amazon.awssdk.services.bedrockruntime.model.ConversationRole;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseRequest;
import software.amazon.awssdk.services.bedrockruntime.model.ConverseResponse;
import software.amazon.awssdk.services.bedrockruntime.model.InferenceConfiguration;
import software.amazon.awssdk.services.bedrockruntime.model.Message;
import software.amazon.awssdk.services.bedrockruntime.model.SystemContentBlock;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Converse exchange for the insight and portfolio providers: the analyzer's client settings (no SDK retries,
 * our timeouts), this user's share of the requests/tokens-per-minute budget, and retries with exponential
 * backoff and full jitter on throttling, 5xx and transport errors. Thread-safe.
 */
final class BedrockConverse implements AutoCloseable {
    private static final ObjectMapper REPLY_JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    private final BedrockSettings settings;
    private final BedrockRuntimeClient client;
    private final RateBudget budget;
    private final TimeSource time;

    BedrockConverse(BedrockSettings settings, AwsCredentialsProvider credentials, TimeSource time) {
        this.settings = settings;
        this.client = BedrockAnalyzer.newClient(settings, credentials);
        this.time = time;
        this.budget = new RateBudget(settings.requestsPerMinutePerExecutor(), settings.tokensPerMinutePerExecutor(),
                settings.maxConcurrency(), time);
    }

    BedrockSettings settings() {
        return settings;
    }

    /** The reply text. @throws SdkException when the call still fails after the configured retries */
    String converse(String system, String user, int maxTokens) throws InterruptedException {
        ConverseRequest request = ConverseRequest.builder()
                .modelId(settings.modelId())
                .system(SystemContentBlock.builder().text(system).build())
                .messages(Message.builder().role(ConversationRole.USER).content(ContentBlock.fromText(user)).build())
                .inferenceConfig(InferenceConfiguration.builder().maxTokens(maxTokens).temperature(0f).build())
                .build();
        long estimate = RateBudget.estimateTokens(system.length() + user.length()) + maxTokens / 2;
        for (int attempt = 0; ; attempt++) {
            budget.acquire(estimate);
            try {
                ConverseResponse response = client.converse(request);
                StringBuilder sb = new StringBuilder();
                if (response.output() != null && response.output().message() != null) {
                    response.output().message().content().forEach(b -> sb.append(b.text() == null ? "" : b.text()));
                }
                return sb.toString();
            } catch (SdkException e) {
                if (attempt >= settings.maxRetries() || !retryable(e)) {
                    throw e;
                }
                long cap = Math.min(settings.maxBackoffMs(), settings.baseBackoffMs() * (1L << Math.min(attempt, 20)));
                time.sleepNanos(TimeUnit.MILLISECONDS.toNanos(cap <= 0 ? 0 : ThreadLocalRandom.current().nextLong(cap + 1)));
            }
        }
    }

    private static boolean retryable(SdkException e) {
        if (e instanceof AwsServiceException ase) {
            return ase.statusCode() == 429 || ase.statusCode() >= 500 || ase.isThrottlingException();
        }
        return e instanceof SdkClientException;
    }

    /** The JSON object in a reply (prose around it tolerated), parsed; null when there is none or it does not parse. */
    static JsonNode jsonObject(String reply) {
        int from = reply.indexOf('{');
        int to = reply.lastIndexOf('}');
        if (from < 0 || to <= from) {
            return null;
        }
        try {
            return REPLY_JSON.readTree(reply.substring(from, to + 1));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * True when every number stated in {@code text} appears in {@code source} (within rounding), small whole
     * numbers (up to 10: "2-3 weeks") aside.
     */
    static boolean grounded(String text, String source) {
        List<Double> known = numbers(source);
        for (Double n : numbers(text)) {
            boolean small = n == Math.rint(n) && Math.abs(n) <= 10;
            if (!small && known.stream().noneMatch(k -> Math.abs(k - n) <= 0.051)) {
                return false;
            }
        }
        return true;
    }

    private static List<Double> numbers(String text) {
        List<Double> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(Double.parseDouble(m.group()));
        }
        return out;
    }

    @Override
    public void close() {
        client.close();
    }
}
