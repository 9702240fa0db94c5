package com.vantagepoint.pipeline.generate;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** At the default bad share every reject reason code is present and detectable, and rejects stay small. */
class BadRecordsTest {
    @TempDir
    static Path tmp;
    static RawData data;
    static GenerationSummary summary;

    @BeforeAll
    static void generate() throws IOException {
        summary = DataGenerator.generate(GeneratorTestSupport.seedScale(tmp));
        data = RawData.read(tmp);
    }

    @Test
    void everyReasonCodeAppearsWhereItApplies() {
        check(GenerationSummary.ACCOUNTS, BadReason.ACCOUNTS);
        check(GenerationSummary.OPPORTUNITIES, BadReason.OPPORTUNITIES);
        check(GenerationSummary.USAGE_LOGS, BadReason.USAGE);
        check(GenerationSummary.TRANSCRIPTS, BadReason.TRANSCRIPTS);
        for (BadReason r : BadReason.values()) {
            long total = data.rejects.values().stream().mapToLong(m -> m.getOrDefault(r, 0L)).sum();
            assertTrue(total > 0, r.code());
        }
    }

    @Test
    void validRowsSurviveIntactAndReadEqualsStagedPlusRejected() {
        assertEquals(200, data.accounts.size());
        assertEquals(7_500, data.usage.size());
        assertEquals(650, data.transcripts.size());
        for (String source : new String[] {GenerationSummary.ACCOUNTS, GenerationSummary.OPPORTUNITIES,
                GenerationSummary.USAGE_LOGS, GenerationSummary.TRANSCRIPTS}) {
            long read = data.read.get(source);
            assertEquals(summary.validRows(source) + summary.badRowsTotal(source), read, source);
        }
        // the surviving copy of a duplicated session is the planted one (latest timestamp), not the older copy
        data.usage.values().forEach(u -> assertTrue(u.get("session_duration_seconds").asLong() >= 5));
        data.transcripts.values().forEach(t -> assertTrue(!t.get("transcript_body").asText().startsWith("[draft]")));
    }

    @Test
    void nonDuplicateRejectsStayWellUnderTheFailureThreshold() {
        assertEquals(0.01, summary.badRowsTotal(GenerationSummary.USAGE_LOGS) / 7_500.0, 0.001);
        for (String source : data.read.keySet()) {
            double share = data.rejectedWithoutDuplicates(source) / (double) data.read.get(source);
            assertTrue(share < 0.03, source + " non-duplicate reject share " + share);
        }
    }

    private static void check(String source, BadReason[] reasons) {
        Map<BadReason, Long> planted = summary.badRows(source);
        for (BadReason r : reasons) {
            assertTrue(planted.getOrDefault(r, 0L) > 0, source + " plants " + r.code());
            assertEquals(planted.get(r), data.rejected(source, r), source + " " + r.code() + " detected as planted");
        }
        assertEquals(planted.values().stream().mapToLong(Long::longValue).sum(),
                data.rejects.get(source).values().stream().mapToLong(Long::longValue).sum(), source);
    }
}
