package com.vantagepoint.pipeline.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class GenerateCommandTest {
    @TempDir
    Path tmp;

    private record Result(int code, String out, String err) {
    }

    private static Result run(String... args) {
        PrintStream oldOut = System.out;
        PrintStream oldErr = System.err;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
            int code = PipelineCli.execute(args);
            return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        } finally {
            System.setOut(oldOut);
            System.setErr(oldErr);
        }
    }

    @Test
    void generatesTheLayoutAndPrintsASummary() {
        Result r = run("generate", "--out", tmp.toString(), "--accounts", "20", "--usage-logs", "300", "--transcripts", "60",
                "--as-of", "2026-11-25", "--gzip");
        assertEquals(0, r.code(), r.err());
        assertTrue(r.out().contains("usage_logs") && r.out().contains("300 rows"), r.out());
        assertTrue(Files.exists(tmp.resolve("crm/accounts/part-00000.json.gz")));
        assertTrue(Files.exists(tmp.resolve("crm/opportunities/part-00000.json.gz")));
        assertTrue(Files.isDirectory(tmp.resolve("usage_logs/year=2026/month=11")));
        assertTrue(Files.isDirectory(tmp.resolve("transcripts")));
    }

    @ParameterizedTest
    @ValueSource(strings = {"--bad-share=2", "--as-of=2026-13-01", "--scale=0", "--accounts=0", "--usage-logs=-1",
            "--scale=2 --accounts=5", "--out=gs://bucket/raw", "--seed=abc", "--bogus"})
    void badFlagsGiveOneLineReasonAndNonZeroExit(String flags) {
        String[] extra = flags.split(" ");
        String[] args = new String[extra.length + 2];
        args[0] = "generate";
        System.arraycopy(extra, 0, args, 1, extra.length);
        args[args.length - 1] = flags.startsWith("--out") ? "--seed=1" : "--out=" + tmp;
        Result r = run(args);
        assertNotEquals(0, r.code());
        assertTrue(r.err().startsWith("error: "), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
    }

    @Test
    void outIsRequired() {
        Result r = run("generate", "--accounts", "5");
        assertNotEquals(0, r.code());
        assertTrue(r.err().startsWith("error: ") && r.err().contains("--out"), r.err());
    }
}
