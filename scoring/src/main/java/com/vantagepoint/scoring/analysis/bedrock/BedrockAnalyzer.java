package com.vantagepoint.scoring.analysis.bedrock;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.analysis.ComplaintCategory;
import com.vantagepoint.scoring.analysis.TranscriptAnalysis;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;
import com.vantagepoint.scoring.analysis.bedrock.BedrockClient.CallFailedException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;

/**
 * Transcript analysis by an Amazon Bedrock model through the Converse API.
 *
 * <p>One instance per JVM (per Spark executor), reused across partitions; thread-safe. Each call to
 * {@link #enrich} splits its items into batches of {@code batch-size} and runs them in parallel through
 * its {@link BedrockClient}, which bounds the calls in flight to {@code max-concurrency}, spends the
 * executor's share of the requests- and tokens-per-minute budget before every attempt, retries
 * transient failures with backoff and stops calling through a circuit breaker when the service keeps
 * failing. Every reply is validated by {@link ReplyParser};
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
    private final BedrockClient client;
    private final TranscriptAnalyzer fallback;
    private final BedrockPrompt prompt;
    private final ExecutorService pool;

    private BedrockAnalyzer(Builder b) {
        this.settings = b.settings;
        this.fallback = b.fallback;
        this.prompt = BedrockPrompt.load(settings.promptVersion());
        this.client = BedrockClient.create(settings, b.credentials, b.time);
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

    public UsageMeter.Snapshot usage() {
        return client.usage();
    }

    public CircuitBreaker.State circuitState() {
        return client.circuitState();
    }

    /** Enough texts for {@code max-concurrency} batch calls in flight. */
    @Override
    public int preferredBatchSize() {
        return settings.batchSize() * settings.maxConcurrency();
    }

    @Override
    public Enriched enrichAll(List<String> texts) {
        return enrichWithUsage(items(texts));
    }

    @Override
    public TranscriptAnalysis analyze(String text) {
        return enrich(List.of(new TextItem("0", text))).get(0).analysis();
    }

    @Override
    public List<TranscriptAnalysis> analyzeAll(List<String> texts) {
        return enrich(items(texts)).stream().map(EnrichmentResult::analysis).toList();
    }

    /** Positional ids: the texts have none of their own. */
    private static List<TextItem> items(List<String> texts) {
        List<TextItem> items = new ArrayList<>(texts.size());
        for (int i = 0; i < texts.size(); i++) {
            items.add(new TextItem(Integer.toString(i), texts.get(i)));
        }
        return items;
    }

    /**
     * Enriches every item; the result list has the same size and order as {@code items}.
     * Blocks until all batches are done.
     */
    public List<EnrichmentResult> enrich(List<TextItem> items) {
        return enrich(items, client.childMeter());
    }

    /**
     * Like {@link #enrich(List)}, and also returns the usage of this call alone (calls, retries,
     * tokens, ... also counted in {@link #usage()}): what a Spark task adds to the run's accumulators
     * while other tasks share this analyzer.
     */
    public Enriched enrichWithUsage(List<TextItem> items) {
        UsageMeter callMeter = client.childMeter();
        List<EnrichmentResult> results = enrich(items, callMeter);
        return new Enriched(results, callMeter.snapshot());
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

    /** One Converse call for {@code count} texts, under the client's retry, breaker and budget policy. */
    private String converse(String user, int count, UsageMeter m) throws CallFailedException {
        return client.converse(prompt.system(), user, MAX_OUTPUT_TOKENS_PER_ITEM * count + 100,
                (long) EXPECTED_OUTPUT_TOKENS_PER_ITEM * count, m);
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
        client.close();
    }

    public static final class Builder {
        private final BedrockSettings settings;
        private final TranscriptAnalyzer fallback;
        private AwsCredentialsProvider credentials;
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
