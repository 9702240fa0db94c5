package com.vantagepoint.scoring.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * In-JVM throughput of {@link LocalAnalyzer} after warm-up (used by scripts/bench-analyze).
 * Usage: {@code AnalyzerBenchmark FILE.jsonl [threads] [seconds]}; lines are {@code {"id","text"}}.
 */
public final class AnalyzerBenchmark {
    private AnalyzerBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("error: usage: AnalyzerBenchmark FILE.jsonl [threads] [seconds]");
            System.exit(2);
        }
        List<String> texts = load(Path.of(args[0]), 50_000);
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : Runtime.getRuntime().availableProcessors();
        double seconds = args.length > 2 ? Double.parseDouble(args[2]) : 3.0;
        LocalAnalyzer analyzer = new LocalAnalyzer();
        long warmEnd = System.nanoTime() + 2_000_000_000L;
        long sink = 0;
        while (System.nanoTime() < warmEnd) {
            for (String t : texts) {
                sink += analyzer.analyze(t).category().ordinal();
            }
        }
        double single = measure(analyzer, texts, seconds);
        System.out.printf(Locale.ROOT, "in-JVM after warm-up: %.0f texts/s on 1 thread (%d distinct texts, %.0f chars avg)%n",
                single, texts.size(), texts.stream().mapToInt(String::length).average().orElse(0));
        if (threads > 1) {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<Double>> futures = new ArrayList<>();
                for (int i = 0; i < threads; i++) {
                    futures.add(pool.submit(() -> measure(analyzer, texts, seconds)));
                }
                double total = 0;
                for (Future<Double> f : futures) {
                    total += f.get();
                }
                System.out.printf(Locale.ROOT, "in-JVM after warm-up: %.0f texts/s on %d threads (%.0f per thread)%n", total, threads,
                        total / threads);
            } finally {
                pool.shutdownNow();
            }
        }
        if (sink == 42) {
            System.out.println();
        }
    }

    private static double measure(LocalAnalyzer analyzer, List<String> texts, double seconds) {
        long n = 0;
        long start = System.nanoTime();
        long end = start + (long) (seconds * 1e9);
        long sink = 0;
        while (System.nanoTime() < end) {
            for (String t : texts) {
                sink += analyzer.analyze(t).category().ordinal();
            }
            n += texts.size();
        }
        double rate = n / ((System.nanoTime() - start) / 1e9);
        return sink == -1 ? 0 : rate;
    }

    private static List<String> load(Path file, int max) throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<String> texts = new ArrayList<>();
        try (BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = reader.readLine()) != null && texts.size() < max) {
                if (!line.isBlank()) {
                    JsonNode node = json.readTree(line);
                    texts.add(node.get("text").asText());
                }
            }
        }
        return texts;
    }
}
