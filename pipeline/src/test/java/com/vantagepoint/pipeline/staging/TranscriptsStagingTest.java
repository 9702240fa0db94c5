package com.vantagepoint.pipeline.staging;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.vantagepoint.pipeline.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

import static com.vantagepoint.pipeline.staging.StagingFixtures.STAGED;
import static com.vantagepoint.pipeline.staging.StagingFixtures.accounts;
import static com.vantagepoint.pipeline.staging.StagingFixtures.assertCounts;
import static com.vantagepoint.pipeline.staging.StagingFixtures.expected;
import static com.vantagepoint.pipeline.staging.StagingFixtures.lines;
import static com.vantagepoint.pipeline.staging.StagingFixtures.linesOf;
import static com.vantagepoint.pipeline.staging.StagingFixtures.outcomes;
import static com.vantagepoint.pipeline.staging.StagingFixtures.rejectRows;
import static com.vantagepoint.pipeline.staging.StagingFixtures.rejected;
import static com.vantagepoint.pipeline.staging.StagingFixtures.sortedValues;
import static java.util.Map.entry;
import static org.junit.jupiter.api.Assertions.assertEquals;

class TranscriptsStagingTest {
    private static final TranscriptsStaging STAGING =
            new TranscriptsStaging(List.of("support_ticket", "sales_call", "email"), StagingFixtures.RANGES);
    private static final String SUPERSEDED_T1 =
            rejected("duplicate", "superseded by a later copy of interaction_id T1");
    private static final String TYPES = "field interaction_type is not one of support_ticket|sales_call|email: ";

    /** Staged accounts A1, A2; staged opportunities O1 (of A1) and O2 (of A2). */
    private static Dataset<Row> knownAccounts() {
        return accounts("A1", "A2");
    }

    private static Dataset<Row> knownOpportunities() {
        return SharedSpark.spark().createDataFrame(
                List.of(RowFactory.create("O1", "A1"), RowFactory.create("O2", "A2")),
                new StructType().add("opportunity_id", DataTypes.StringType).add("account_id", DataTypes.StringType));
    }

    /** A transcript; a null account or opportunity is left out of the line. */
    private static String transcript(String id, String account, String opportunity, String timestamp, String body) {
        return "{\"interaction_id\":\"" + id + "\""
                + (account == null ? "" : ",\"account_id\":\"" + account + "\"")
                + (opportunity == null ? "" : ",\"opportunity_id\":\"" + opportunity + "\"")
                + ",\"timestamp\":\"" + timestamp + "\",\"interaction_type\":\"email\",\"transcript_body\":\"" + body
                + "\"}";
    }

    private static Timestamp at(String instant) {
        return Timestamp.from(Instant.parse(instant));
    }

    @Test
    void everyLineIsStagedOrRejectedOnceWithReasonAndDetail() {
        List<Map.Entry<String, String>> cases = List.of(
                entry(transcript("T1", "A1", null, "2026-11-20T10:00:00Z", "direct"), STAGED),
                entry(transcript("T1", "A1", null, "2026-11-19T10:00:00Z", "older copy"), SUPERSEDED_T1),
                entry(transcript("T2", null, "O2", "2026-11-20T10:00:00Z", "via opportunity"), STAGED),
                entry(transcript("T3", "A9", "O1", "2026-11-20T10:00:00Z", "unknown account, known opportunity"),
                        rejected("unknown_account", "account_id not found among staged records: A9")),
                entry(transcript("T4", null, "O9", "2026-11-20T10:00:00Z", "unknown opportunity"),
                        rejected("unknown_opportunity",
                                "no account_id, and opportunity_id not found among staged records: O9")),
                entry(transcript("T5", null, null, "2026-11-20T10:00:00Z", "nobody"),
                        rejected("unattributed", "neither account_id nor opportunity_id present")),
                entry(transcript("T6", "", " ", "2026-11-20T10:00:00Z", "blank ids"),
                        rejected("unattributed", "neither account_id nor opportunity_id present")),
                entry("{\"interaction_id\":\"T7\",\"account_id\":\"A1\"",
                        rejected("malformed_json", "not a well-formed JSON object")),
                entry("{\"interaction_id\":NaN}", rejected("malformed_json", "not a well-formed JSON object")),
                entry("{\"account_id\":\"A1\",\"timestamp\":\"2026-11-20T10:00:00Z\",\"transcript_body\":\"x\"}",
                        rejected("missing_key", "missing required field interaction_id")),
                entry("{\"interaction_id\":\"T8\",\"account_id\":\"A1\",\"interaction_type\":\"email\","
                        + "\"transcript_body\":\"x\"}", rejected("missing_key", "missing required field timestamp")),
                entry(transcript("T9", "A1", null, "2026-11-20T10:00:00Z", "   "),
                        rejected("missing_key", "missing required field transcript_body")),
                entry(transcript("T10", "A1", null, "yesterday", "x"),
                        rejected("bad_type", "field timestamp is not a ISO-8601 timestamp: yesterday")),
                entry("{\"interaction_id\":\"T11\",\"account_id\":\"A1\",\"timestamp\":\"2026-11-20T10:00:00Z\","
                        + "\"interaction_type\":\"chat\",\"transcript_body\":\"x\"}",
                        rejected("bad_value", TYPES + "chat")),
                entry("{\"interaction_id\":\"T12\",\"account_id\":\"A1\",\"timestamp\":\"2026-11-20T10:00:00Z\","
                        + "\"transcript_body\":\"x\"}",
                        rejected("bad_value", TYPES + "null")),
                // after the latest as-of day: staged, and counted as outside the window
                entry(transcript("T13", "A2", null, "2026-11-26T00:00:00Z", "next day"), STAGED));

        StagedSource staged = STAGING.stage(lines(linesOf(cases)), knownAccounts(), knownOpportunities(),
                LocalDate.parse("2026-11-25"));
        try {
            assertEquals(expected(cases, true), rejectRows(staged));
            assertEquals(List.of("T1", "T13", "T2"), sortedValues(staged.staged(), "interaction_id"));
            assertCounts(staged.counts(), cases.size(), 3, Map.of("malformed_json", 2L, "missing_key", 3L,
                    "bad_type", 1L, "bad_value", 2L, "duplicate", 1L, "unknown_account", 1L,
                    "unknown_opportunity", 1L, "unattributed", 2L));
            assertEquals(1, staged.counts().outsideWindow(), "staged after the window end");
        } finally {
            staged.release();
        }
    }

    @Test
    void attributionIsDirectWhenTheAccountIsGivenElseViaTheOpportunity() {
        Dataset<Row> actual = TranscriptsStaging.staged(STAGING.tag(lines(List.of(
                "{\"interaction_id\":\"T1\",\"account_id\":\" A1 \",\"timestamp\":\"2026-11-24T23:30:00Z\","
                        + "\"interaction_type\":\"support_ticket\","
                        + "\"transcript_body\":\"  Invoice was wrong again.  \"}",
                // the given account wins over the opportunity's
                "{\"interaction_id\":\"T2\",\"account_id\":\"A1\",\"opportunity_id\":\"O2\",\"timestamp\":"
                        + "\"2026-11-25T01:30:00+02:00\",\"interaction_type\":\"sales_call\","
                        + "\"transcript_body\":\"Renewal\"}",
                "{\"interaction_id\":\"T3\",\"opportunity_id\":\"O2\",\"timestamp\":\"2026-11-24T23:30:00\","
                        + "\"interaction_type\":\"email\",\"transcript_body\":\"Quote attached\"}",
                // a blank account counts as absent
                "{\"interaction_id\":\"T4\",\"account_id\":\"\",\"opportunity_id\":\"O1\",\"timestamp\":"
                        + "\"2026-11-24T23:30:00.000Z\",\"interaction_type\":\"email\",\"transcript_body\":\"Hi\"}")),
                knownAccounts(), knownOpportunities()));
        Timestamp t = at("2026-11-24T23:30:00Z");
        Dataset<Row> expected = SharedSpark.spark().createDataFrame(List.of(
                RowFactory.create("T1", "A1", "A1", null, t, "support_ticket", "  Invoice was wrong again.  ",
                        "direct"),
                RowFactory.create("T2", "A1", "A1", "O2", t, "sales_call", "Renewal", "direct"),
                RowFactory.create("T3", "A2", null, "O2", t, "email", "Quote attached", "via_opportunity"),
                RowFactory.create("T4", "A1", null, "O1", t, "email", "Hi", "via_opportunity")),
                actual.schema());
        assertEquals(List.of("interaction_id", "account_id", "source_account_id", "opportunity_id", "timestamp",
                "interaction_type", "transcript_body", "attribution"), List.of(actual.columns()));
        new JavaDataFrameSuiteBase().assertDataFrameNoOrderEquals(expected, actual);
    }

    @Test
    void latestTimestampWinsByInstantWhateverTheInputOrder() {
        List<Map.Entry<String, String>> cases = List.of(
                entry(transcript("T1", "A1", null, "2026-11-20T10:00:00Z", "middle"), SUPERSEDED_T1),
                // 23:00Z is later than 00:30+02:00 (22:30Z), though the latter's text is greater
                entry(transcript("T1", "A1", null, "2026-11-24T23:00:00Z", "latest"), STAGED),
                entry(transcript("T1", "A1", null, "2026-11-25T00:30:00+02:00", "earlier than it reads"),
                        SUPERSEDED_T1),
                // a rejected copy supersedes nothing, however late
                entry(transcript("T1", "A1", null, "2026-11-30T00:00:00Z", ""),
                        rejected("missing_key", "missing required field transcript_body")),
                entry(transcript("T2", null, "O1", "2026-11-01T00:00:00Z", "only copy"), STAGED));
        assertOutcomesInBothOrders(cases);
    }

    @Test
    void exactTieGoesToTheGreatestRawText() {
        List<Map.Entry<String, String>> cases = List.of(
                entry(transcript("T1", "A1", null, "2026-11-20T10:00:00Z", "Apples"), SUPERSEDED_T1),
                entry(transcript("T1", "A1", null, "2026-11-20T10:00:00Z", "Pears"), STAGED),
                entry(transcript("T2", "A1", null, "2026-11-20T10:00:00Z", "Pears"),
                        rejected("duplicate", "superseded by a later copy of interaction_id T2")),
                // the same instant written with an offset: still a tie, and this raw text is the greater
                entry(transcript("T2", "A1", null, "2026-11-20T11:00:00+01:00", "Apples"), STAGED));
        assertOutcomesInBothOrders(cases);
    }

    private static void assertOutcomesInBothOrders(List<Map.Entry<String, String>> cases) {
        List<String> forward = linesOf(cases);
        List<String> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        assertEquals(expected(cases, false),
                outcomes(STAGING.tag(lines(forward), knownAccounts(), knownOpportunities())), "input order");
        assertEquals(expected(cases, false),
                outcomes(STAGING.tag(lines(backward), knownAccounts(), knownOpportunities())), "reversed input order");
    }
}
