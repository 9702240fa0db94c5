package com.vantagepoint.pipeline.cli;

import com.vantagepoint.scoring.cli.CliErrors;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vantagepoint.scoring.analysis.LocalAnalyzer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AnalyzeCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        CommandLine cli = CliErrors.configure(new CommandLine(new PipelineCli()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void analyzesInOrderAcrossThreads() throws Exception {
        LocalAnalyzer reference = new LocalAnalyzer();
        List<String> input = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < 2000; i++) {
            String text = switch (i % 4) {
                case 0 -> "We were double charged on invoice " + i + ", please refund.";
                case 1 -> "Dashboard number " + i + " is extremely slow today.";
                case 2 -> "Thanks so much, the training was great! (" + i + ")";
                default -> "Meeting " + i + " moved to Tuesday.";
            };
            texts.add(text);
            input.add(JSON.writeValueAsString(java.util.Map.of("id", "T-" + i, "text", text)));
        }
        Path in = dir.resolve("in.jsonl");
        Files.write(in, input, StandardCharsets.UTF_8);
        Path outFile = dir.resolve("sub/out.jsonl");
        assertEquals(0, run("analyze", "--in", in.toString(), "--out", outFile.toString(), "--threads", "3"), err.toString());
        List<String> lines = Files.readAllLines(outFile, StandardCharsets.UTF_8);
        assertEquals(2000, lines.size());
        for (int i = 0; i < lines.size(); i++) {
            JsonNode node = JSON.readTree(lines.get(i));
            assertEquals("T-" + i, node.get("id").asText());
            assertEquals(reference.analyze(texts.get(i)).sentiment(), node.get("sentiment_score").asDouble());
            assertEquals(reference.analyze(texts.get(i)).category().label(), node.get("complaint_category").asText());
            assertEquals(3, node.size());
        }
        assertTrue(out.toString().startsWith("analyzed 2000 texts"), out.toString());
        assertFalse(Files.exists(dir.resolve("sub/out.jsonl.tmp")));
    }

    @Test
    void badLinesBecomeErrorRecordsAndTheFirstIsNamed() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, String.join("\n",
                "{\"id\": 1, \"text\": \"The site went down again!!\"}",
                "",
                "{\"id\": \"b\", \"text\": 42}",
                "not json at all",
                "{\"id\": \"d\", \"text\": \"Works great, thank you so much.\"}") + "\n");
        Path outFile = dir.resolve("out.jsonl");
        assertEquals(1, run("analyze", "--in", in.toString(), "--out", outFile.toString()));
        String message = err.toString().strip();
        assertEquals(1, message.lines().count(), message);
        assertEquals("error: 2 of 4 input lines invalid (written as error records); first: line 3: missing or non-string \"text\"",
                message);
        List<String> lines = Files.readAllLines(outFile);
        assertEquals(4, lines.size());
        assertEquals(1, JSON.readTree(lines.get(0)).get("id").asInt());
        assertTrue(JSON.readTree(lines.get(0)).get("sentiment_score").asDouble() < 0);
        assertEquals("{\"id\":\"b\",\"line\":3,\"error\":\"missing or non-string \\\"text\\\"\"}", lines.get(1));
        JsonNode malformed = JSON.readTree(lines.get(2));
        assertTrue(malformed.get("id").isNull());
        assertEquals(4, malformed.get("line").asInt());
        assertTrue(malformed.get("error").asText().startsWith("malformed JSON"));
        assertEquals("general", JSON.readTree(lines.get(3)).get("complaint_category").asText());
    }

    @Test
    void refusesBadArgumentsWithOneLine() throws Exception {
        Path in = dir.resolve("in.jsonl");
        Files.writeString(in, "{\"id\":1,\"text\":\"hi\"}\n");
        assertEquals(2, run("analyze", "--in", in.toString(), "--out", dir.resolve("o").toString(), "--provider", "gpt"));
        assertEquals("error: --provider must be local or bedrock, was 'gpt'", err.toString().strip());
        err.getBuffer().setLength(0);
        assertEquals(2, run("analyze", "--in", dir.resolve("missing").toString(), "--out", dir.resolve("o").toString()));
        assertTrue(err.toString().startsWith("error: --in: cannot read"), err.toString());
        err.getBuffer().setLength(0);
        assertEquals(2, run("analyze", "--out", dir.resolve("o").toString()));
        assertTrue(err.toString().startsWith("error: Missing required option: '--in=FILE'"), err.toString());
    }
}
