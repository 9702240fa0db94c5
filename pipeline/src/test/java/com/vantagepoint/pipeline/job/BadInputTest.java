package com.vantagepoint.pipeline.job;

import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.Rejects;
import com.vantagepoint.pipeline.staging.SourceCounts;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import com.vantagepoint.pipeline.warehouse.RunRecord;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The dataset under {@code bad/} holds one record for each reject reason code, in several sources. */
class BadInputTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");
    private static JobFixtures.Run run;

    @BeforeAll
    static void runWithAGenerousThreshold() {
        run = JobFixtures.run("bad", AS_OF, 0, Map.of("quality.max-reject-share", 1.0));
    }

    private static List<Row> rejects() {
        return run.publisher().rows(Tables.REJECTED_RECORDS);
    }

    private static Row reject(String source, String reason) {
        return rejects().stream().filter(r -> source.equals(r.getAs("source")) && reason.equals(r.getAs("reason_code")))
                .findFirst().orElseThrow(() -> new AssertionError("no " + reason + " reject in " + source + ": " + rejects()));
    }

    @Test
    void everyReasonCodeLandsInRejectedRecords() {
        Set<String> reasons = new HashSet<>();
        rejects().forEach(r -> reasons.add(r.getAs("reason_code")));
        assertEquals(Set.copyOf(Rejects.REASON_CODES), reasons);
        Set<String> expected = Set.of(
                "accounts/duplicate", "accounts/malformed_json", "accounts/missing_key", "accounts/bad_type",
                "accounts/bad_value",
                "opportunities/unknown_account", "opportunities/bad_value", "opportunities/duplicate",
                "opportunities/bad_type",
                "usage_logs/duplicate", "usage_logs/unknown_account", "usage_logs/bad_value", "usage_logs/bad_type",
                "usage_logs/missing_key", "usage_logs/malformed_json",
                "transcripts/unattributed", "transcripts/unknown_opportunity", "transcripts/unknown_account",
                "transcripts/bad_value", "transcripts/duplicate", "transcripts/missing_key");
        Set<String> actual = new HashSet<>();
        rejects().forEach(r -> actual.add(r.getAs("source") + "/" + r.getAs("reason_code")));
        assertEquals(expected, actual);
        assertEquals(expected.size(), rejects().size(), "one reject per bad record");
    }

    @Test
    void rejectsKeepTheRawRecordAndAReadableDetail() {
        for (Row r : rejects()) {
            assertFalse(((String) r.getAs("detail")).isBlank(), r.toString());
            assertFalse(((String) r.getAs("raw_record")).isBlank(), r.toString());
            assertEquals(run.result().runId(), r.getAs("run_id"));
            assertTrue(r.getAs("rejected_at") != null);
        }
        assertEquals("field annual_revenue is not a decimal: lots", reject("accounts", "bad_type").getAs("detail"));
        assertEquals("field tier is not one of standard|enterprise: platinum",
                reject("accounts", "bad_value").getAs("detail"));
        assertEquals("missing required field account_id", reject("accounts", "missing_key").getAs("detail"));
        assertEquals("{\"account_id\": \"ACC-3\", \"tier\":", reject("accounts", "malformed_json").getAs("raw_record"));
        assertEquals("field timestamp is not a ISO-8601 timestamp: yesterday",
                reject("usage_logs", "bad_type").getAs("detail"));
        assertEquals("field session_duration_seconds is negative: -5", reject("usage_logs", "bad_value").getAs("detail"));
        assertEquals("missing required field timestamp", reject("usage_logs", "missing_key").getAs("detail"));
        assertTrue(((String) reject("usage_logs", "duplicate").getAs("raw_record")).contains("2026-11-19"),
                "the older copy is the duplicate");
        assertTrue(((String) reject("usage_logs", "unknown_account").getAs("detail")).contains("ACC-404"));
        assertTrue(((String) reject("transcripts", "unknown_opportunity").getAs("detail")).contains("OPP-404"));
        assertEquals("account_id not found among staged records: ACC-404",
                reject("transcripts", "unknown_account").getAs("detail"));
        assertEquals("neither account_id nor opportunity_id present", reject("transcripts", "unattributed").getAs("detail"));
        assertTrue(((String) reject("transcripts", "duplicate").getAs("raw_record")).contains("An older copy"));
        assertTrue(((String) reject("opportunities", "duplicate").getAs("raw_record")).contains("2026-01-01"),
                "the copy with the earlier close date is the duplicate");
        assertTrue(((String) reject("accounts", "duplicate").getAs("raw_record")).contains("2024-01-01"));
    }

    @Test
    void readEqualsStagedPlusRejectedPerSource() {
        Map<SourceName, SourceCounts> counts = run.result().counts();
        assertEquals(new SourceCounts(SourceName.ACCOUNTS, 7, 2, Map.of("duplicate", 1L, "malformed_json", 1L,
                "missing_key", 1L, "bad_type", 1L, "bad_value", 1L), 0), counts.get(SourceName.ACCOUNTS));
        assertEquals(new SourceCounts(SourceName.OPPORTUNITIES, 5, 1, Map.of("unknown_account", 1L, "bad_value", 1L,
                "duplicate", 1L, "bad_type", 1L), 0), counts.get(SourceName.OPPORTUNITIES));
        assertEquals(new SourceCounts(SourceName.USAGE_LOGS, 8, 2, Map.of("duplicate", 1L, "unknown_account", 1L,
                "bad_value", 1L, "bad_type", 1L, "missing_key", 1L, "malformed_json", 1L), 0),
                counts.get(SourceName.USAGE_LOGS));
        assertEquals(new SourceCounts(SourceName.TRANSCRIPTS, 8, 2, Map.of("unattributed", 1L,
                "unknown_opportunity", 1L, "unknown_account", 1L, "bad_value", 1L, "duplicate", 1L,
                "missing_key", 1L), 0), counts.get(SourceName.TRANSCRIPTS));
        for (SourceCounts c : counts.values()) {
            assertEquals(c.read(), c.staged() + c.rejected(), c.toString());
        }
    }

    @Test
    void theRunStillPublishesTheGoodRecords() {
        assertEquals(RunRecord.STATUS_PUBLISHED, run.publisher().publishedRun.status());
        assertEquals(2, run.publisher().rows(Tables.ACCOUNT_HEALTH_HISTORY).size());
        List<Row> transcripts = run.publisher().rows(Tables.INTERACTION_TRANSCRIPTS_ENRICHED);
        assertEquals(2, transcripts.size());
        Row t1 = transcripts.stream().filter(r -> "T1".equals(r.getAs("interaction_id"))).findFirst().orElseThrow();
        assertEquals("It is slow", t1.getAs("transcript_body"), "the latest copy survives");
    }

    @Test
    void aSourceOverTheRejectThresholdFailsTheRunAndPublishesNothing() {
        InMemoryPublisher[] sink = new InMemoryPublisher[1];
        RunFailedException failure = assertThrows(RunFailedException.class, () -> {
            try {
                JobFixtures.run("bad", AS_OF, 0, Map.of());
            } finally {
                sink[0] = JobFixtures.lastPublisher();
            }
        });
        assertTrue(failure.getMessage().contains("accounts rejected 4 of 7 records"), failure.getMessage());
        assertTrue(failure.getMessage().contains("quality.max-reject-share"), failure.getMessage());
        InMemoryPublisher publisher = sink[0];
        assertNull(publisher.publishedRun);
        assertTrue(publisher.tables.isEmpty());
        assertEquals(1, publisher.failedRuns.size());
        RunRecord failed = publisher.failedRuns.get(0);
        assertEquals(RunRecord.STATUS_FAILED, failed.status());
        assertEquals(failure.runId(), failed.runId());
        assertTrue(failed.errorMessage().contains("accounts"), failed.errorMessage());
        assertEquals(rejects().size(), publisher.failedRunRejects.size(), "the rejects are recorded with the failed run");
    }

    @Test
    void anInputWithoutAccountsFailsInsteadOfPublishingEmptyMarts() {
        RunFailedException failure = assertThrows(RunFailedException.class,
                () -> JobFixtures.run("bad/usage_logs", AS_OF, 0, Map.of("quality.max-reject-share", 1.0)));
        assertTrue(failure.getMessage().startsWith("no valid accounts under "), failure.getMessage());
        assertNull(JobFixtures.lastPublisher().publishedRun);
        assertEquals(RunRecord.STATUS_FAILED, JobFixtures.lastPublisher().failedRuns.get(0).status());
    }
}
