package com.vantagepoint.pipeline.cli;

import com.vantagepoint.pipeline.CliOutcome;
import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A raw layer holding every hostile record we know of, beside good ones: the run accounts for every line
 * (read = staged + rejected per source, against a line count made here, independently of Spark), reports every
 * file it does not read, and either publishes or fails with one line — never a stack trace.
 */
class HostileInputTest {
    private static final String AS_OF = "2026-11-25";
    private static final Pattern COUNTS = Pattern.compile("\\[run]\\s+(\\w+): (\\d+) read, (\\d+) staged, (\\d+) rejected");

    @TempDir
    static Path input;

    @BeforeAll
    static void hostileRawLayer() throws Exception {
        SharedSpark.spark();
        copyGolden(input);
        String good = "{\"account_id\":\"H-%d\",\"subscription_start_date\":\"2025-01-01\",\"tier\":\"standard\",\"annual_revenue\":1000}";
        // A BOM before the first record and CRLF line ends (a file saved on Windows); blank lines are not records.
        write("crm/accounts/windows.json", "\uFEFF" + String.format(good, 1) + "\r\n" + String.format(good, 2) + "\r\n\r\n");
        write("crm/accounts/hostile.json", String.join("\n",
                "{\"account_id\":\"H-3\",\"subscription_start_date\":\"1500-01-01\",\"tier\":\"standard\"}",
                "{\"account_id\":\"H-4\",\"subscription_start_date\":\"2025-01-01\",\"tier\":\"standard\",\"annual_revenue\":1e400}",
                "{\"account_id\":\"H-5\",\"nested\":" + "[".repeat(10_000) + "]".repeat(10_000) + ",\"tier\":\"standard\"}",
                "{\"account_id\":\"H-6\",\"subscription_start_date\":\"2025-01-01\",\"tier\":\"standard\",\"name\":\"" + "x".repeat(5 << 20) + "\"}",
                "{\"account_id\":\"H-7\",\"subscription_start_date\":\"2025-01-01\",\"tier\":\"standard\"}{\"account_id\":\"H-8\"}",
                "{\"account_id\":\"H-9\\u0000\",\"subscription_start_date\":\"2025-01-01\",\"tier\":\"standard\"}",
                "not json at all", "[1,2,3]", "null", "{\"account_id\":") + "\n");
        // Invalid UTF-8 (a lone continuation byte and a truncated sequence) inside a string value.
        byte[] invalid = ("{\"account_id\":\"H-10\",\"subscription_start_date\":\"2025-01-01\",\"tier\":\"standard\",\"name\":\"bad "
                + "\u0000\"}\n").getBytes(StandardCharsets.UTF_8);
        int nul = indexOf(invalid, (byte) 0);
        invalid[nul] = (byte) 0x80;
        write("crm/accounts/latin.json", concat(invalid, new byte[]{'{', '"', 'a', (byte) 0xE2, (byte) 0x82, '"', '}', '\n'}));
        write("usage_logs/year=2026/month=11/hostile.json", String.join("\n",
                usage("1e400"), usage("\"Infinity\""), usage("\"NaN\""), usage("1.7e308"), usage("-1"),
                "{\"session_id\":\"h-ts\",\"account_id\":\"ACC-0001\",\"timestamp\":\"1500-06-01T00:00:00Z\",\"feature_used\":\"Search\","
                        + "\"session_duration_seconds\":60}",
                "{\"session_id\":\"h-deep\",\"account_id\":" + "{\"a\":".repeat(10_000) + "1" + "}".repeat(10_000) + "}") + "\n");
        write("transcripts/year=2026/month=11/hostile.json", String.join("\n",
                "{\"interaction_id\":\"h-long\",\"account_id\":\"ACC-0001\",\"timestamp\":\"2026-11-20T10:00:00Z\","
                        + "\"interaction_type\":\"email\",\"transcript_body\":\"" + "the invoice is wrong. ".repeat(240_000) + "\"}",
                "{\"interaction_id\":\"h-type\",\"account_id\":\"ACC-0001\",\"timestamp\":\"2026-11-20T10:00:00Z\","
                        + "\"interaction_type\":{\"$gt\":\"\"},\"transcript_body\":\"hi\"}") + "\n");
        // Not read, and listed as such: hidden by Hadoop convention, or of another extension.
        write("crm/accounts/_SUCCESS", "");
        write("crm/accounts/.notes.json", "{}\n");
        write("usage_logs/_temporary/part-9.json", usage("60") + "\n");
        write("transcripts/readme.txt", "not data\n");
    }

    @Test
    void everyLineIsStagedOrRejectedAndEveryUnreadFileIsListed(@TempDir Path warehouse) throws Exception {
        everyLineIsAccountedFor(warehouse, "vantagepoint.quality.max-reject-share = 1.0\n");
    }

    /** The same input parsed into the Delta staged layer (pre-1582 dates, 5 MB lines, NULs all written). */
    @Test
    void theStagedLayerTakesTheSameHostileRecords(@TempDir Path warehouse, @TempDir Path staged) throws Exception {
        everyLineIsAccountedFor(warehouse, "vantagepoint.quality.max-reject-share = 1.0\n"
                + "vantagepoint.staged-layer { enabled = true, location = \"" + staged + "\" }\n");
    }

    private static void everyLineIsAccountedFor(Path warehouse, String conf) throws Exception {
        Path lenient = Files.writeString(warehouse.resolveSibling(warehouse.getFileName() + ".conf"), conf);
        CliOutcome run = CliOutcome.execute("run", "--conf", lenient.toString(), "--input", input.toString(),
                "--warehouse", warehouse.toString(), "--as-of", AS_OF);
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().contains(" published"), run.out());
        Map<SourceName, long[]> reported = reportedCounts(run.out());
        for (SourceName source : SourceName.values()) {
            long[] c = reported.get(source);
            assertEquals(linesIn(source), c[0], source + ": read equals the non-blank lines of the files it reads");
            assertEquals(c[0], c[1] + c[2], source + ": read = staged + rejected");
        }
        assertTrue(run.out().contains("ignored 4 file(s), not counted as read:"), run.out());
        for (String f : new String[]{"crm/accounts/_SUCCESS", "crm/accounts/.notes.json",
                "usage_logs/_temporary/part-9.json", "transcripts/readme.txt"}) {
            assertTrue(run.out().contains("  " + f + " ("), f + " is listed: " + run.out());
        }
        assertFalse(run.err().contains("\tat "), "no stack trace: " + run.err());
        // BOM, CRLF, a 5 MB line, invalid UTF-8 (read as U+FFFD) and a NUL in an id (data, kept as received) are
        // good records; a year-1500 date is out of range, revenue 1e400 is no DECIMAL(18,2), and nesting beyond the
        // parser's 1000 levels, two objects on a line, and lines that are not one object are malformed (key "").
        assertEquals(Map.of("H-1", "staged", "H-2", "staged", "H-6", "staged", "H-9\u0000", "staged", "H-10", "staged",
                "H-3", "bad_value", "H-4", "bad_type", "H-5", "malformed_json", "H-7", "malformed_json",
                "", "malformed_json"), outcomes(warehouse));
    }

    /** What became of the hostile accounts: staged, or the reason code of their reject. */
    private static Map<String, String> outcomes(Path warehouse) throws Exception {
        Map<String, String> outcomes = new java.util.TreeMap<>();
        Path current = warehouse.resolve(Files.readString(warehouse.resolve("current")).trim());
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + current, readOnly);
             ResultSet r = c.createStatement().executeQuery("SELECT " + Columns.ACCOUNT_ID + ", 'staged' FROM "
                     + Tables.ACCOUNT_HEALTH_SCORE + " WHERE " + Columns.ACCOUNT_ID + " LIKE 'H-%' UNION ALL SELECT regexp_extract("
                     + Columns.RAW_RECORD + ", '\"account_id\":\"(H-[0-9]+)', 1), " + Columns.REASON_CODE + " FROM "
                     + Tables.REJECTED_RECORDS + " WHERE " + Columns.SOURCE + " = 'accounts'")) {
            while (r.next()) {
                outcomes.put(r.getString(1), r.getString(2));
            }
        }
        return outcomes;
    }

    @Test
    void underTheDefaultRejectGateTheRunFailsWithOneLine(@TempDir Path warehouse) {
        CliOutcome run = CliOutcome.execute("run", "--input", input.toString(), "--warehouse", warehouse.toString(),
                "--as-of", AS_OF);
        assertEquals(1, run.exit(), run.out());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        assertTrue(run.err().startsWith("error: "), run.err());
        assertTrue(run.err().contains("quality.max-reject-share"), run.err());
    }

    private static String usage(String duration) {
        return "{\"session_id\":\"h-" + duration.replaceAll("\\W", "") + "\",\"account_id\":\"ACC-0001\","
                + "\"timestamp\":\"2026-11-20T10:00:00Z\",\"feature_used\":\"Search\",\"session_duration_seconds\":" + duration + "}";
    }

    /** Per source: read, staged, rejected as the run report prints them. */
    private static Map<SourceName, long[]> reportedCounts(String report) {
        Map<SourceName, long[]> counts = new EnumMap<>(SourceName.class);
        Matcher m = COUNTS.matcher(report);
        while (m.find()) {
            for (SourceName s : SourceName.values()) {
                if (s.label().equals(m.group(1))) {
                    counts.put(s, new long[]{Long.parseLong(m.group(2)), Long.parseLong(m.group(3)), Long.parseLong(m.group(4))});
                }
            }
        }
        assertEquals(SourceName.values().length, counts.size(), report);
        return counts;
    }

    /** Non-blank lines (any of \n, \r\n, \r ends one) of the files a run reads below the source's folder. */
    private static long linesIn(SourceName source) throws IOException {
        Path dir = input.resolve(source.relativePath());
        long lines = 0;
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                String relative = dir.relativize(f).toString();
                boolean hidden = Stream.of(relative.split("/")).anyMatch(p -> p.startsWith("_") || p.startsWith("."));
                if (hidden || !relative.matches(".*\\.jsonl?(\\.gz)?")) {
                    continue;
                }
                String text = new String(bytes(f), StandardCharsets.UTF_8);
                lines += Stream.of(text.split("\r\n|\r|\n")).filter(l -> !l.replace("\uFEFF", "").isBlank()).count();
            }
        }
        return lines;
    }

    private static byte[] bytes(Path f) throws IOException {
        if (!f.toString().endsWith(".gz")) {
            return Files.readAllBytes(f);
        }
        try (InputStream in = new GZIPInputStream(Files.newInputStream(f))) {
            return in.readAllBytes();
        }
    }

    private static void write(String relative, String text) throws IOException {
        write(relative, text.getBytes(StandardCharsets.UTF_8));
    }

    private static void write(String relative, byte[] bytes) throws IOException {
        Path f = input.resolve(relative);
        Files.createDirectories(f.getParent());
        Files.write(f, bytes);
    }

    private static int indexOf(byte[] bytes, byte b) {
        for (int i = 0; i < bytes.length; i++) {
            if (bytes[i] == b) {
                return i;
            }
        }
        throw new IllegalArgumentException("no byte " + b);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(a);
        out.writeBytes(b);
        return out.toByteArray();
    }

    private static void copyGolden(Path data) throws URISyntaxException, IOException {
        Path golden = Path.of(Objects.requireNonNull(HostileInputTest.class.getClassLoader().getResource("golden")).toURI());
        try (Stream<Path> files = Files.walk(golden)) {
            for (Path f : files.filter(Files::isRegularFile).toList()) {
                Path target = data.resolve(golden.relativize(f).toString());
                Files.createDirectories(target.getParent());
                Files.copy(f, target);
            }
        }
    }
}
