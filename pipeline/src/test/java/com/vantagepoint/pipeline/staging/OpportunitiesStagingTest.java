package com.vantagepoint.pipeline.staging;

import com.holdenkarau.spark.testing.JavaDataFrameSuiteBase;
import com.vantagepoint.pipeline.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.Date;
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

class OpportunitiesStagingTest {
    private static final OpportunitiesStaging STAGING =
            new OpportunitiesStaging(List.of("prospecting", "closed-won", "closed-lost"), StagingFixtures.RANGES);
    private static final String SUPERSEDED_O1 =
            rejected("duplicate", "superseded by a later copy of opportunity_id O1");

    private static String opportunity(String id, String account, String stage, String closeDate, String leadSource) {
        return "{\"opportunity_id\":\"" + id + "\",\"account_id\":\"" + account + "\",\"stage\":\"" + stage + "\""
                + (closeDate == null ? "" : ",\"close_date\":\"" + closeDate + "\"")
                + ",\"lead_source\":\"" + leadSource + "\"}";
    }

    @Test
    void everyLineIsStagedOrRejectedOnceWithReasonAndDetail() {
        List<Map.Entry<String, String>> cases = List.of(
                entry("{\"opportunity_id\":\"O1\",\"account_id\":\"A1\",\"product_code\":\"P-100\",\"stage\":"
                        + "\"closed-won\",\"amount_gbp\":\"12000.00\",\"close_date\":\"2026-03-31\",\"lead_source\":"
                        + "\"web\"}", STAGED),
                entry(opportunity("O2", "A2", "prospecting", null, "partner"), STAGED),
                entry(opportunity("O1", "A1", "prospecting", "2026-01-31", "web"), SUPERSEDED_O1),
                entry("not json", rejected("malformed_json", "not a well-formed JSON object")),
                entry("{\"account_id\":\"A1\",\"stage\":\"prospecting\"}",
                        rejected("missing_key", "missing required field opportunity_id")),
                entry("{\"opportunity_id\":\"O3\",\"account_id\":\"\",\"stage\":\"prospecting\"}",
                        rejected("missing_key", "missing required field account_id")),
                entry("{\"opportunity_id\":\"O4\",\"account_id\":\"A1\",\"stage\":\"prospecting\",\"amount_gbp\":"
                        + "\"12k\"}", rejected("bad_type", "field amount_gbp is not a decimal: 12k")),
                entry(opportunity("O5", "A1", "prospecting", "31/03/2026", "web"),
                        rejected("bad_type", "field close_date is not a date (YYYY-MM-DD): 31/03/2026")),
                entry(opportunity("O6", "A1", "won", "2026-03-31", "web"),
                        rejected("bad_value", "field stage is not one of prospecting|closed-won|closed-lost: won")),
                // stage is not a required field, but a missing stage is outside the accepted set
                entry("{\"opportunity_id\":\"O7\",\"account_id\":\"A1\"}",
                        rejected("bad_value", "field stage is not one of prospecting|closed-won|closed-lost: null")),
                entry(opportunity("O8", "A9", "prospecting", "2026-03-31", "web"),
                        rejected("unknown_account", "account_id not found among staged records: A9")));

        StagedSource staged = STAGING.stage(lines(linesOf(cases)), accounts("A1", "A2"));
        try {
            assertEquals(expected(cases, true), rejectRows(staged));
            assertEquals(List.of("O1", "O2"), sortedValues(staged.staged(), "opportunity_id"));
            assertCounts(staged.counts(), cases.size(), 2, Map.of("malformed_json", 1L, "missing_key", 2L,
                    "bad_type", 2L, "bad_value", 2L, "unknown_account", 1L, "duplicate", 1L));
        } finally {
            staged.release();
        }
    }

    @Test
    void stagedValuesAreTyped() {
        Dataset<Row> actual = OpportunitiesStaging.staged(STAGING.tag(lines(List.of(
                "{\"opportunity_id\":\"O1\",\"account_id\":\"A1\",\"product_code\":\"P-100\",\"stage\":\"closed-won\","
                        + "\"amount_gbp\":\"12000.5\",\"close_date\":\"2026-03-31\",\"lead_source\":\"web\"}",
                "{\"opportunity_id\":\" O2 \",\"account_id\":\" A2 \",\"stage\":\"prospecting\",\"amount_gbp\":750,"
                        + "\"close_date\":\"\"}")), accounts("A1", "A2")));
        Dataset<Row> expected = SharedSpark.spark().createDataFrame(List.of(
                RowFactory.create("O1", "A1", "P-100", "closed-won", new BigDecimal("12000.50"),
                        Date.valueOf("2026-03-31"), "web"),
                RowFactory.create("O2", "A2", null, "prospecting", new BigDecimal("750.00"), null, null)),
                actual.schema());
        assertEquals(OpportunitiesStaging.FIELDS, List.of(actual.columns()));
        new JavaDataFrameSuiteBase().assertDataFrameNoOrderEquals(expected, actual);
    }

    @Test
    void latestCloseDateWinsUndatedCopiesLastWhateverTheInputOrder() {
        List<Map.Entry<String, String>> cases = List.of(
                entry(opportunity("O1", "A1", "prospecting", "2026-01-31", "web"), SUPERSEDED_O1),
                entry(opportunity("O1", "A1", "closed-won", "2026-03-31", "web"), STAGED),
                entry(opportunity("O1", "A1", "closed-lost", null, "web"), SUPERSEDED_O1),
                // a rejected copy supersedes nothing, however late
                entry(opportunity("O1", "A1", "lost", "2026-06-30", "web"),
                        rejected("bad_value", "field stage is not one of prospecting|closed-won|closed-lost: lost")),
                // with no dated copy the undated ones compete on raw text alone
                entry(opportunity("O2", "A1", "prospecting", null, "partner"),
                        rejected("duplicate", "superseded by a later copy of opportunity_id O2")),
                entry(opportunity("O2", "A1", "prospecting", null, "web"), STAGED));
        assertOutcomesInBothOrders(cases);
    }

    @Test
    void exactTieGoesToTheGreatestRawText() {
        List<Map.Entry<String, String>> cases = List.of(
                entry(opportunity("O1", "A1", "closed-won", "2026-03-31", "partner"), SUPERSEDED_O1),
                entry(opportunity("O1", "A1", "closed-won", "2026-03-31", "web"), STAGED),
                entry(opportunity("O1", "A1", "closed-won", "2026-03-31", "event"), SUPERSEDED_O1));
        assertOutcomesInBothOrders(cases);
    }

    private static void assertOutcomesInBothOrders(List<Map.Entry<String, String>> cases) {
        List<String> forward = linesOf(cases);
        List<String> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        Dataset<Row> known = accounts("A1", "A2");
        assertEquals(expected(cases, false), outcomes(STAGING.tag(lines(forward), known)), "input order");
        assertEquals(expected(cases, false), outcomes(STAGING.tag(lines(backward), known)), "reversed input order");
    }
}
