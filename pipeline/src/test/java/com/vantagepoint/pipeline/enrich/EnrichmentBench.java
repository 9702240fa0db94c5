package com.vantagepoint.pipeline.enrich;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.scoring.analysis.bedrock.FakeBedrockServer;
import com.vantagepoint.scoring.analysis.bedrock.SharedBedrockAnalyzer;
import com.vantagepoint.scoring.config.VantageConfig;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Bench driver for {@code scripts/bench-enrichment}: the partitioned Spark enrichment versus one call at a time
 * (batch size 1, concurrency 1: how the original Lambda worked) over the same N transcripts, against a fake
 * Bedrock endpoint with a fixed latency, under the same requests-per-minute budget.
 * Args: N (400), latency ms (200), RPM (600), partitions (4).
 */
public final class EnrichmentBench {
    private EnrichmentBench() {
    }

    record Result(String label, int transcripts, double seconds, int calls, double spanMinutes, int maxInMinute,
                  long burst) {
        double perSecond() {
            return transcripts / seconds;
        }

        /** Requests per minute between the first and the last arrival, after the initial burst, over the quota. */
        double quotaShare(long rpm) {
            return spanMinutes <= 0 ? 0 : (calls - 1 - burst) / spanMinutes / rpm;
        }
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        long latency = args.length > 1 ? Long.parseLong(args[1]) : 200;
        long rpm = args.length > 2 ? Long.parseLong(args[2]) : 600;
        int partitions = args.length > 3 ? Integer.parseInt(args[3]) : 4;
        BedrockTranscripts.testCredentials();
        SparkSession spark = SharedSpark.spark();
        spark.sparkContext().setLogLevel("ERROR");
        StructType schema = new StructType().add("interaction_id", DataTypes.StringType)
                .add("transcript_body", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            rows.add(RowFactory.create("T" + i, BedrockTranscripts.text(i)));
        }
        Dataset<Row> transcripts = spark.createDataFrame(rows, schema).repartition(partitions).cache();
        transcripts.count();
        // Warm up Spark (codegen, task launch) with the local provider: no model calls, no budget spent.
        new TranscriptEnricher(new ConfiguredAnalyzers(VantageConfig.load(null, Map.of("enrichment.provider", "local"))))
                .enrich(transcripts).count();

        try (FakeBedrockServer server = FakeBedrockServer.start().latencyMs(latency)) {
            System.out.printf("fake Bedrock at %s: latency %d ms; budget %d requests/minute; %d transcripts, "
                    + "local[2], %d partitions%n", server.endpoint(), latency, rpm, n, partitions);
            Result partitioned = measure("partitioned Spark job (batch 5, concurrency 4)", server, transcripts, rpm, 5, 4);
            Result single = measure("one call at a time (batch 1, concurrency 1)", server, transcripts.coalesce(1), rpm, 1, 1);
            for (Result r : List.of(partitioned, single)) {
                System.out.printf("%-48s %5d transcripts in %6.1f s = %6.1f transcripts/s; %4d calls, "
                                + "%.1f %% of the RPM quota used at steady state, max %d requests in any 60 s window%n",
                        r.label(), r.transcripts(), r.seconds(), r.perSecond(), r.calls(), 100 * r.quotaShare(rpm),
                        r.maxInMinute());
            }
            System.out.printf("speed-up: %.1fx (partitioned / one at a time)%n", partitioned.perSecond() / single.perSecond());
        } finally {
            SharedBedrockAnalyzer.closeAll();
            spark.stop();
        }
    }

    private static Result measure(String label, FakeBedrockServer server, Dataset<Row> transcripts, long rpm,
                                  int batchSize, int concurrency) {
        server.clearRecords();
        Map<String, Object> flags = BedrockTranscripts.bedrockConfig(server.endpoint(), Map.of(
                "batch-size", batchSize, "max-concurrency", concurrency, "requests-per-minute", rpm,
                "base-backoff-ms", 200, "max-backoff-ms", 10_000));
        EnrichmentUsage usage = EnrichmentUsage.register(SharedSpark.spark().sparkContext());
        long start = System.nanoTime();
        long count = new TranscriptEnricher(new ConfiguredAnalyzers(VantageConfig.load(null, flags)), usage)
                .enrich(transcripts).where("enrichment_status <> 'fallback'").count();
        double seconds = (System.nanoTime() - start) / 1e9;
        if (count != transcripts.count()) {
            throw new IllegalStateException(label + ": " + (transcripts.count() - count) + " transcripts fell back");
        }
        long[] arrivals = server.requests().stream().mapToLong(FakeBedrockServer.RecordedRequest::receivedNanos)
                .sorted().toArray();
        double span = arrivals.length < 2 ? 0 : (arrivals[arrivals.length - 1] - arrivals[0]) / 60e9;
        long burst = Math.max(1, Math.min(concurrency, (long) Math.floor(rpm * 0.02)));
        return new Result(label, (int) count, seconds, server.requestCount(), span,
                server.maxRequestsInWindow(Duration.ofMinutes(1)), burst);
    }
}
