package com.vantagepoint.pipeline.enrich;

import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.analysis.bedrock.TestClocks;
import com.typesafe.config.Config;
import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.job.PipelineJob;
import com.vantagepoint.pipeline.job.PipelineSettings;
import com.vantagepoint.pipeline.source.HadoopPathSource;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.scoring.analysis.LocalAnalyzer;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;
import com.vantagepoint.scoring.analysis.bedrock.BedrockAnalyzer;
import com.vantagepoint.scoring.analysis.bedrock.BedrockSettings;
import com.vantagepoint.scoring.analysis.bedrock.FakeBedrockServer;
import com.vantagepoint.scoring.config.VantageConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The Spark job with provider bedrock against a fake Bedrock endpoint: batches, statuses, usage, cache, budget. */
class BedrockEnrichmentJobTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");

    @TempDir
    Path tmp;
    private FakeBedrockServer server;
    private DuckDbWarehouse warehouse;
    private Path input;

    @BeforeAll
    static void credentials() {
        BedrockTranscripts.testCredentials();
    }

    @BeforeEach
    void start() {
        server = FakeBedrockServer.start();
        warehouse = new DuckDbWarehouse(tmp.resolve("warehouse"), 5,
                HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring")));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private static Path golden() {
        try {
            return Path.of(Objects.requireNonNull(BedrockEnrichmentJobTest.class.getClassLoader().getResource("golden")).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private String run(Map<String, Object> overrides) {
        Map<String, Object> flags = new HashMap<>(overrides);
        flags.put("run.as-of", AS_OF.toString());
        Config config = VantageConfig.load(null, flags);
        ByteArrayOutputStream report = new ByteArrayOutputStream();
        PipelineJob job = new PipelineJob(SharedSpark.spark(), PipelineSettings.from(config), new HadoopPathSource(input.toString()), warehouse,
                new ConfiguredAnalyzers(config), new PrintStream(report, true, StandardCharsets.UTF_8),
                Clock.systemUTC(), 0);
        String runId = job.run().runId();
        System.out.print(report.toString(StandardCharsets.UTF_8));
        return runId;
    }

    private List<Row> table(String table, String runId) {
        Dataset<Row> frame = warehouse.readPublished(SharedSpark.spark(), table).orElseThrow();
        if (runId == null) {
            return frame.collectAsList();
        }
        return frame.where(frame.col("run_id").equalTo(runId)).collectAsList();
    }

    private Row runRow(String runId) {
        List<Row> rows = table(Tables.PIPELINE_RUNS, runId);
        assertEquals(1, rows.size());
        return rows.get(0);
    }

    /** Transcript requests (insights go to the same endpoint when the provider is bedrock). */
    private List<FakeBedrockServer.RecordedRequest> transcriptCalls() {
        return server.requests().stream().filter(q -> !q.transcripts().isEmpty()).toList();
    }

    private long insightCalls() {
        return server.requests().stream().filter(q -> q.body().contains("ACCOUNT-INSIGHT")).count();
    }

    private static long longOf(Row row, String column) {
        return ((Number) row.getAs(column)).longValue();
    }

    @Test
    void enrichesEveryTranscriptInBatchesThenCallsTheModelOnlyForNewTextUnlessReenriched() throws Exception {
        int n = 40;
        input = BedrockTranscripts.dataset(tmp.resolve("raw"), golden(), n);
        Map<String, Object> config = BedrockTranscripts.bedrockConfig(server.endpoint(),
                Map.of("batch-size", 5, "max-concurrency", 4));

        // First run: every transcript goes to the model, in batches of five.
        String first = run(config);
        List<Row> enriched = table(Tables.INTERACTION_TRANSCRIPTS_ENRICHED, first);
        assertEquals(n, enriched.size(), "no record lost");
        Map<String, Row> byId = enriched.stream().collect(Collectors.toMap(r -> r.getAs("interaction_id"), r -> r));
        for (int i = 0; i < n; i++) {
            Row r = byId.get("T" + i);
            String text = r.getAs("transcript_body");
            assertEquals("bedrock", r.getAs("provider"));
            assertEquals("amazon.nova-micro-v1:0", r.getAs("model"));
            assertEquals("ok", r.getAs("enrichment_status"));
            assertEquals(FakeBedrockServer.sentimentOf(text), (double) r.getAs("sentiment_score"), 1e-9, "T" + i);
            assertEquals(FakeBedrockServer.categoryOf(text), r.getAs("complaint_category"), "T" + i);
        }
        int firstCalls = transcriptCalls().size();
        assertEquals(3, insightCalls(), "one insight per scored account, from the model too");
        assertTrue(firstCalls >= n / 5 && firstCalls <= n / 5 + 4, "batched: " + firstCalls + " calls");
        assertTrue(transcriptCalls().stream().allMatch(q -> q.transcripts().size() <= 5));
        // The injection attempt is one transcript among others in an ordinary batch, scored like any other.
        assertTrue(transcriptCalls().stream().anyMatch(q -> q.transcripts().size() > 1
                && q.transcripts().stream().anyMatch(t -> t.text().equals(BedrockTranscripts.INJECTION))));
        Row injected = byId.get("T2");
        assertEquals(FakeBedrockServer.sentimentOf(BedrockTranscripts.INJECTION), (double) injected.getAs("sentiment_score"), 1e-9);
        assertNotEquals("security", injected.getAs("complaint_category"));
        Row run1 = runRow(first);
        assertEquals(firstCalls, longOf(run1, "ai_calls"));
        assertEquals(0, longOf(run1, "ai_cache_hits"));
        assertEquals(0, longOf(run1, "ai_fallbacks"));
        assertTrue(longOf(run1, "ai_input_tokens") > 0 && longOf(run1, "ai_output_tokens") > 0);
        assertTrue((double) run1.getAs("ai_estimated_cost_usd") > 0);
        assertEquals(n, table(Tables.ENRICHMENT_CACHE, null).size(), "one cache entry per distinct text");
        assertTrue(table(Tables.ACCOUNT_INSIGHTS, first).stream().allMatch(r -> "bedrock".equals(r.getAs("provider"))));

        // Second run over the same input: zero model calls, everything from the cache, same results.
        server.clearRecords();
        String second = run(config);
        assertEquals(0, server.requestCount(), "no model call on a re-run (insights reused too: same inputs)");
        Row run2 = runRow(second);
        assertEquals(0, longOf(run2, "ai_calls"));
        assertEquals(n, longOf(run2, "ai_cache_hits"));
        List<Row> again = table(Tables.INTERACTION_TRANSCRIPTS_ENRICHED, second);
        assertEquals(n, again.size());
        for (Row r : again) {
            Row before = byId.get((String) r.getAs("interaction_id"));
            assertEquals((double) before.getAs("sentiment_score"), (double) r.getAs("sentiment_score"));
            assertEquals("bedrock", r.getAs("provider"));
            assertEquals("ok", r.getAs("enrichment_status"));
        }

        // One changed transcript: exactly one call, carrying exactly that text.
        List<String> bodies = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            bodies.add(i == 2 ? BedrockTranscripts.INJECTION : BedrockTranscripts.text(i));
        }
        String changed = "The export is broken and we are frustrated (edited).";
        bodies.set(17, changed);
        BedrockTranscripts.writeTranscripts(input, bodies);
        server.clearRecords();
        String third = run(config);
        assertEquals(1, transcriptCalls().size());
        assertEquals(1, insightCalls(), "only the changed account's insight is regenerated");
        assertEquals(List.of(changed), transcriptCalls().get(0).transcripts().stream()
                .map(FakeBedrockServer.Transcript::text).toList());
        Row run3 = runRow(third);
        assertEquals(1, longOf(run3, "ai_calls"));
        assertEquals(n - 1, longOf(run3, "ai_cache_hits"));

        // --reenrich: the cache is ignored, every transcript goes to the model again.
        Map<String, Object> reenrich = new HashMap<>(config);
        reenrich.put("enrichment.reenrich", true);
        server.clearRecords();
        String fourth = run(reenrich);
        assertTrue(transcriptCalls().size() >= n / 5, "re-enriched: " + transcriptCalls().size());
        assertEquals(n, transcriptCalls().stream().mapToInt(q -> q.transcripts().size()).sum());
        assertEquals(0, longOf(runRow(fourth), "ai_cache_hits"));
    }

    @Test
    void throttlingLosesNoRecordAndRetriesAreCountedInPipelineRuns() {
        int n = 60;
        input = BedrockTranscripts.dataset(tmp.resolve("raw"), golden(), n);
        server.throttleShare(0.2);
        String runId = run(BedrockTranscripts.bedrockConfig(server.endpoint(),
                Map.of("batch-size", 3, "max-concurrency", 4, "max-retries", 8)));
        List<Row> enriched = table(Tables.INTERACTION_TRANSCRIPTS_ENRICHED, runId);
        assertEquals(n, enriched.size(), "none lost");
        assertTrue(enriched.stream().allMatch(r -> List.of("ok", "repaired", "fallback")
                .contains((String) r.getAs("enrichment_status"))));
        long fallbacks = enriched.stream().filter(r -> "fallback".equals(r.getAs("enrichment_status"))).count();
        enriched.stream().filter(r -> "fallback".equals(r.getAs("enrichment_status"))).forEach(r -> {
            assertEquals("local", r.getAs("provider"));
            assertTrue(((String) r.getAs("model")).startsWith("local-analyzer-"));
        });
        Row run = runRow(runId);
        assertTrue(server.throttledCount() > 0);
        long calls = transcriptCalls().size();
        assertEquals(calls, longOf(run, "ai_calls"), "every attempt counted");
        // Each batch of three is one first attempt; every other attempt is a retry.
        long retries = longOf(run, "ai_retries");
        assertTrue(retries > 0 && retries <= calls - n / 3, "retries " + retries + " of " + calls + " calls");
        assertEquals(fallbacks, longOf(run, "ai_fallbacks"));
        // Fallback results are not cached as Bedrock results.
        assertEquals(n - fallbacks, table(Tables.ENRICHMENT_CACHE, null).size());
    }

    @Test
    void fallbackRowsCarryTheLocalProviderAndAreNotCachedAsBedrockResults() {
        int n = 10;
        input = BedrockTranscripts.dataset(tmp.resolve("raw"), golden(), n);
        server.replyMode(FakeBedrockServer.ReplyMode.GARBAGE);
        String runId = run(BedrockTranscripts.bedrockConfig(server.endpoint(), Map.of("batch-size", 5)));
        List<Row> enriched = table(Tables.INTERACTION_TRANSCRIPTS_ENRICHED, runId);
        assertEquals(n, enriched.size());
        for (Row r : enriched) {
            assertEquals("fallback", r.getAs("enrichment_status"));
            assertEquals("local", r.getAs("provider"));
            assertEquals(new LocalAnalyzer().model(), r.getAs("model"));
        }
        assertEquals(n, longOf(runRow(runId), "ai_fallbacks"));
        assertEquals(0, table(Tables.ENRICHMENT_CACHE, null).size());

        // The model is healthy again: the next run asks it for every transcript (nothing was cached).
        server.healthy();
        server.clearRecords();
        String next = run(BedrockTranscripts.bedrockConfig(server.endpoint(), Map.of("batch-size", 5)));
        assertEquals(n, transcriptCalls().stream().mapToInt(q -> q.transcripts().size()).sum());
        assertTrue(table(Tables.INTERACTION_TRANSCRIPTS_ENRICHED, next).stream()
                .allMatch(r -> "bedrock".equals(r.getAs("provider"))));
    }

    @Test
    void neverExceedsTheRequestsPerMinuteBudgetInAnyWindow() {
        // One simulated minute lasts six real seconds: a shorter one made scheduling delays on a loaded 2-core CI
        // machine look like an under-used budget.
        double factor = 10;
        long rpm = 120;
        int n = 200;
        Map<String, Object> flags = BedrockTranscripts.bedrockConfig(server.endpoint(),
                Map.of("batch-size", 1, "max-concurrency", 4, "requests-per-minute", rpm));
        CompressedBedrock factory = new CompressedBedrock(flags, factor);
        StructType schema = new StructType().add("interaction_id", DataTypes.StringType)
                .add("transcript_body", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create("T" + i, BedrockTranscripts.text(i)));
        }
        EnrichmentUsage usage = EnrichmentUsage.register(SharedSpark.spark().sparkContext());
        List<Row> out = new TranscriptEnricher(factory, usage)
                .enrich(SharedSpark.spark().createDataFrame(rows, schema).repartition(4))
                .collectAsList();
        long[] arrivals = server.requests().stream().mapToLong(FakeBedrockServer.RecordedRequest::receivedNanos)
                .sorted().toArray();
        double minutes = (arrivals[n - 1] - arrivals[0]) * factor / 60e9;
        assertEquals(n, out.size());
        assertEquals(n, server.requestCount());
        assertEquals(n, usage.totals().calls());
        int max = server.maxRequestsInWindow(Duration.ofNanos((long) (60e9 / factor)));
        double steadyShare = (n - 1 - 2) / minutes / rpm; // after the burst of 2 (2 % of 120)
        System.out.printf("RPM budget %d: max requests in any 60 s window %d; %d requests in %.2f simulated minutes "
                + "(%.0f %% of the budget)%n", rpm, max, n, minutes, 100 * steadyShare);
        assertTrue(max <= rpm, "max " + max + " in a minute, budget " + rpm);
        // The budget is the limit and most of it is used (scripts/bench-enrichment measures how much: 98 %).
        assertTrue(max >= 0.8 * rpm, "the budget was the limit and >= 80 % of it was used: " + max);
        assertTrue(steadyShare >= 0.8, "steady state " + steadyShare);
    }

    /** The configured Bedrock analyzer on a compressed clock (local mode: built once in this JVM). */
    private record CompressedBedrock(Map<String, Object> flags, double factor) implements AnalyzerFactory {
        @Override
        public String key() {
            return "compressed-bedrock-" + flags.get("enrichment.bedrock.endpoint") + "-" + factor;
        }

        @Override
        public TranscriptAnalyzer create() {
            BedrockSettings settings = BedrockSettings.fromConfig(VantageConfig.load(null, flags));
            return BedrockAnalyzer.builder(settings, new LocalAnalyzer())
                    .credentials(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "test-secret")))
                    .timeSource(TestClocks.compressed(factor))
                    .build();
        }
    }
}
