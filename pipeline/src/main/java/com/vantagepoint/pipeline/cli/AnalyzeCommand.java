package com.vantagepoint.pipeline.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeType;
import com.typesafe.config.Config;
import com.vantagepoint.scoring.cli.CliErrors;
import com.vantagepoint.pipeline.job.Provider;
import com.vantagepoint.scoring.analysis.Analyzers;
import com.vantagepoint.scoring.analysis.TranscriptAnalysis;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;
import com.vantagepoint.scoring.config.VantageConfig;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.zip.GZIPInputStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code analyze}: sentiment and complaint category for a file of texts, outside Spark.
 *
 * <p>Input: JSON lines {@code {"id": ..., "text": "..."}} (UTF-8, {@code .gz} accepted); blank lines are skipped.
 * Output: one line per input record, in input order: {@code {"id","sentiment_score","complaint_category"}}. A line that
 * is not a JSON object with an {@code id} and a string {@code text} does not stop the run: its output line is
 * {@code {"id": <id or null>, "line": N, "error": "<reason>"}}, so the output stays aligned with the input, and the
 * command ends with exit code 1 and one line on stderr naming the count and the first bad line number. The output is
 * written to a temporary file and moved into place at the end.
 *
 * <p>Texts are analyzed in chunks on a thread pool; a bounded window of chunks in flight keeps memory flat, and
 * chunks are written in submission order, so order is preserved whatever the thread count.
 */
@Command(name = "analyze", mixinStandardHelpOptions = true,
        description = {"Analyze JSON lines {\"id\",\"text\"} into {\"id\",\"sentiment_score\",\"complaint_category\"}, same order.",
                "A bad input line becomes an output line {\"id\",\"line\",\"error\"}; the command then exits 1 naming the first one."})
public final class AnalyzeCommand implements Callable<Integer> {
    static final int CHUNK = 256;
    private static final ObjectMapper JSON = new ObjectMapper();

    @Spec
    CommandSpec spec;

    @Option(names = "--in", required = true, paramLabel = "FILE", description = "Input JSON lines (.gz accepted).")
    Path in;

    @Option(names = "--out", required = true, paramLabel = "FILE", description = "Output JSON lines.")
    Path out;

    @Option(names = "--provider", paramLabel = "local|bedrock", description = "Overrides enrichment.provider.")
    String provider;

    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON configuration file.")
    Path conf;

    @Option(names = "--threads", paramLabel = "N", description = "Worker threads (default: available processors).")
    Integer threads;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> overrides = new HashMap<>();
        if (provider != null) {
            overrides.put(Analyzers.PROVIDER_KEY, parseProvider(provider).label());
        }
        if (!Files.isReadable(in)) {
            throw new CliErrors.UsageError("--in: cannot read " + in);
        }
        int workers = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
        if (workers < 1) {
            throw new CliErrors.UsageError("--threads must be at least 1");
        }
        Config config = VantageConfig.load(conf, overrides);
        TranscriptAnalyzer analyzer = Analyzers.create(config);
        long started = System.nanoTime();
        Result result = run(analyzer, in, out, workers);
        double seconds = (System.nanoTime() - started) / 1e9;
        spec.commandLine().getOut().printf(Locale.ROOT, "analyzed %d texts in %.2f s (%.0f texts/s, %d threads) with %s/%s -> %s%n",
                result.records, seconds, result.records / Math.max(seconds, 1e-9), workers, analyzer.provider(), analyzer.model(), out);
        if (result.errors > 0) {
            throw new IllegalArgumentException(result.errors + " of " + result.records + " input lines invalid (written as "
                    + "error records); first: " + result.firstError);
        }
        return 0;
    }

    private static Provider parseProvider(String value) {
        try {
            return Provider.parse(value);
        } catch (IllegalArgumentException e) {
            throw new CliErrors.UsageError("--provider " + e.getMessage());
        }
    }

    /** Counts of one run. */
    record Result(long records, long errors, String firstError) {
    }

    private record Chunk(StringBuilder lines, int errors, String firstError) {
    }

    static Result run(TranscriptAnalyzer analyzer, Path in, Path out, int workers) throws IOException, InterruptedException {
        Path parent = out.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Path tmp = (parent == null ? Path.of(".") : parent).resolve(out.getFileName() + ".tmp");
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "analyze-worker");
            t.setDaemon(true);
            return t;
        });
        long records = 0;
        long errors = 0;
        String firstError = null;
        try (BufferedReader reader = reader(in);
             Writer writer = new BufferedWriter(Files.newBufferedWriter(tmp, StandardCharsets.UTF_8), 1 << 16)) {
            ArrayDeque<Future<Chunk>> window = new ArrayDeque<>();
            List<String> lines = new ArrayList<>(CHUNK);
            List<Integer> numbers = new ArrayList<>(CHUNK);
            int lineNo = 0;
            String line;
            boolean eof = false;
            while (!eof) {
                line = reader.readLine();
                if (line != null) {
                    lineNo++;
                    if (line.isBlank()) {
                        continue;
                    }
                    lines.add(line);
                    numbers.add(lineNo);
                    records++;
                } else {
                    eof = true;
                }
                if (lines.size() == CHUNK || eof && !lines.isEmpty()) {
                    List<String> batch = lines;
                    List<Integer> batchNumbers = numbers;
                    window.add(pool.submit(() -> analyzeChunk(analyzer, batch, batchNumbers)));
                    lines = new ArrayList<>(CHUNK);
                    numbers = new ArrayList<>(CHUNK);
                }
                while (!window.isEmpty() && (window.size() > workers * 2 || eof)) {
                    Chunk done = get(window.removeFirst());
                    writer.append(done.lines);
                    errors += done.errors;
                    if (firstError == null) {
                        firstError = done.firstError;
                    }
                }
            }
        } finally {
            pool.shutdownNow();
        }
        try {
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        }
        return new Result(records, errors, firstError);
    }

    private static Chunk get(Future<Chunk> future) throws InterruptedException, IOException {
        try {
            return future.get();
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof UncheckedIOException u) {
                throw u.getCause();
            }
            if (cause instanceof RuntimeException r) {
                throw r;
            }
            throw new IllegalStateException(cause);
        }
    }

    private static BufferedReader reader(Path in) throws IOException {
        InputStream stream = Files.newInputStream(in);
        if (in.getFileName().toString().endsWith(".gz")) {
            stream = new GZIPInputStream(stream, 1 << 16);
        }
        return new BufferedReader(new InputStreamReader(stream, StandardCharsets.UTF_8), 1 << 16);
    }

    static Chunk analyzeChunk(TranscriptAnalyzer analyzer, List<String> lines, List<Integer> numbers) {
        StringWriter buffer = new StringWriter(lines.size() * 80);
        int errors = 0;
        String firstError = null;
        try (JsonGenerator g = JSON.getFactory().createGenerator(buffer)) {
            g.setRootValueSeparator(null);
            for (int i = 0; i < lines.size(); i++) {
                int lineNo = numbers.get(i);
                JsonNode id = null;
                String problem;
                String text = null;
                try {
                    JsonNode node = JSON.readTree(lines.get(i));
                    if (node == null || !node.isObject()) {
                        problem = "not a JSON object";
                    } else {
                        id = node.get("id");
                        JsonNode t = node.get("text");
                        if (id == null || id.isNull() || !(id.isTextual() || id.isNumber())) {
                            problem = "missing or non-scalar \"id\"";
                            id = id != null && (id.isTextual() || id.isNumber()) ? id : null;
                        } else if (t == null || t.getNodeType() != JsonNodeType.STRING) {
                            problem = "missing or non-string \"text\"";
                        } else {
                            problem = null;
                            text = t.textValue();
                        }
                    }
                } catch (IOException e) {
                    problem = "malformed JSON (" + firstLine(e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage()) + ")";
                }
                g.writeStartObject();
                if (id == null) {
                    g.writeNullField("id");
                } else if (id.isTextual()) {
                    g.writeStringField("id", id.textValue());
                } else {
                    g.writeFieldName("id");
                    g.writeNumber(id.decimalValue());
                }
                if (problem != null) {
                    errors++;
                    if (firstError == null) {
                        firstError = "line " + lineNo + ": " + problem;
                    }
                    g.writeNumberField("line", lineNo);
                    g.writeStringField("error", problem);
                } else {
                    TranscriptAnalysis a = analyzer.analyze(text);
                    g.writeNumberField("sentiment_score", a.sentiment());
                    g.writeStringField("complaint_category", a.category().label());
                }
                g.writeEndObject();
                g.writeRaw('\n');
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Chunk(new StringBuilder(buffer.getBuffer()), errors, firstError);
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "unparseable";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }
}
