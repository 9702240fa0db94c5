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

class AccountsStagingTest {
    private static final AccountsStaging STAGING = new AccountsStaging(List.of("standard", "enterprise"), StagingFixtures.RANGES);

    private static String account(String id, String start, String tier, String industry) {
        return "{\"account_id\":\"" + id + "\",\"industry\":\"" + industry + "\",\"subscription_start_date\":\""
                + start + "\",\"tier\":\"" + tier + "\"}";
    }

    @Test
    void everyLineIsStagedOrRejectedOnceWithReasonAndDetail() {
        List<Map.Entry<String, String>> cases = List.of(
                entry("{\"account_id\":\"A1\",\"industry\":\"Retail\",\"annual_revenue\":\"1250000.50\","
                        + "\"subscription_start_date\":\"2025-01-15\",\"subscription_end_date\":\"2026-01-14\","
                        + "\"is_churned\":\"true\",\"tier\":\"enterprise\",\"account_owner_id\":\"U7\"}", STAGED),
                entry("{\"account_id\":\"A2\",\"annual_revenue\":98000,\"subscription_start_date\":\"2024-06-01\","
                        + "\"is_churned\":false,\"tier\":\"standard\",\"extra\":[1,2]}", STAGED),
                entry(account("A1", "2024-01-15", "enterprise", "Retail"),
                        rejected("duplicate", "superseded by a later copy of account_id A1")),
                entry("{\"account_id\":\"A3\",", rejected("malformed_json", "not a well-formed JSON object")),
                entry(account("A4", "2025-01-01", "standard", "x") + "{\"account_id\":\"A5\"}",
                        rejected("malformed_json", "not a well-formed JSON object")),
                entry("{'account_id':'A6','subscription_start_date':'2025-01-01','tier':'standard'}",
                        rejected("malformed_json", "not a well-formed JSON object")),
                entry("[\"A7\"]", rejected("malformed_json", "not a well-formed JSON object")),
                entry("{\"subscription_start_date\":\"2025-01-01\",\"tier\":\"standard\"}",
                        rejected("missing_key", "missing required field account_id")),
                entry(account("  ", "2025-01-01", "standard", "x"),
                        rejected("missing_key", "missing required field account_id")),
                entry("{\"account_id\":\"A8\",\"tier\":\"standard\"}",
                        rejected("missing_key", "missing required field subscription_start_date")),
                entry("{\"account_id\":\"A9\",\"subscription_start_date\":\"2025-01-01\",\"tier\":null}",
                        rejected("missing_key", "missing required field tier")),
                // the first failing check names the reason: required fields before types
                entry("{\"annual_revenue\":\"lots\",\"subscription_start_date\":\"2025-01-01\",\"tier\":\"gold\"}",
                        rejected("missing_key", "missing required field account_id")),
                entry("{\"account_id\":\"B1\",\"annual_revenue\":\"lots\",\"subscription_start_date\":\"2025-01-01\","
                        + "\"tier\":\"standard\"}",
                        rejected("bad_type", "field annual_revenue is not a decimal: lots")),
                entry("{\"account_id\":\"B2\",\"subscription_start_date\":\"15/01/2025\",\"tier\":\"standard\"}",
                        rejected("bad_type", "field subscription_start_date is not a date (YYYY-MM-DD): 15/01/2025")),
                entry("{\"account_id\":\"B3\",\"subscription_start_date\":\"2025-01-01\",\"subscription_end_date\":"
                        + "\"soon\",\"tier\":\"standard\"}",
                        rejected("bad_type", "field subscription_end_date is not a date (YYYY-MM-DD): soon")),
                entry("{\"account_id\":\"B4\",\"subscription_start_date\":\"2025-01-01\",\"is_churned\":\"yes\","
                        + "\"tier\":\"standard\"}", rejected("bad_type", "field is_churned is not a boolean: yes")),
                entry("{\"account_id\":\"B5\",\"subscription_start_date\":\"2025-01-01\",\"is_churned\":1,"
                        + "\"tier\":\"standard\"}", rejected("bad_type", "field is_churned is not a boolean: 1")),
                entry("{\"account_id\":\"B6\",\"annual_revenue\":{\"gbp\":5},"
                        + "\"subscription_start_date\":\"2025-01-01\",\"tier\":\"standard\"}",
                        rejected("bad_type", "field annual_revenue is not a decimal: {\"gbp\":5}")),
                entry(account("B7", "2025-01-01", "gold", "x"),
                        rejected("bad_value", "field tier is not one of standard|enterprise: gold")));

        StagedSource staged = STAGING.stage(lines(linesOf(cases)), java.time.LocalDate.parse("2026-11-25"));
        try {
            assertEquals(expected(cases, true), rejectRows(staged));
            assertEquals(List.of("A1", "A2"), sortedValues(staged.staged(), "account_id"));
            assertCounts(staged.counts(), cases.size(), 2, Map.of("malformed_json", 4L, "missing_key", 5L,
                    "bad_type", 6L, "bad_value", 1L, "duplicate", 1L));
        } finally {
            staged.release();
        }
    }

    @Test
    void stagedValuesAreTypedTrimmedAndChurnDefaultsToFalse() {
        Dataset<Row> actual = AccountsStaging.staged(STAGING.tag(lines(List.of(
                "{\"account_id\":\"A1\",\"industry\":\"Retail\",\"annual_revenue\":\"1250000.50\","
                        + "\"subscription_start_date\":\"2025-01-15\",\"subscription_end_date\":\"2026-01-14\","
                        + "\"is_churned\":\"true\",\"tier\":\"enterprise\",\"account_owner_id\":\"U7\"}",
                "{\"account_id\":\" A2 \",\"industry\":\"\",\"annual_revenue\":98000,"
                        + "\"subscription_start_date\":\" 2024-06-01 \",\"is_churned\":false,\"tier\":\" standard \"}",
                "{\"account_id\":\"A3\",\"subscription_start_date\":\"2023-02-28\",\"subscription_end_date\":null,"
                        + "\"tier\":\"standard\"}"))));
        Dataset<Row> expected = SharedSpark.spark().createDataFrame(List.of(
                RowFactory.create("A1", "Retail", new BigDecimal("1250000.50"), Date.valueOf("2025-01-15"),
                        Date.valueOf("2026-01-14"), true, "enterprise", "U7"),
                RowFactory.create("A2", null, new BigDecimal("98000.00"), Date.valueOf("2024-06-01"), null, false,
                        "standard", null),
                RowFactory.create("A3", null, null, Date.valueOf("2023-02-28"), null, false, "standard", null)),
                actual.schema());
        assertEquals(AccountsStaging.FIELDS, List.of(actual.columns()));
        new JavaDataFrameSuiteBase().assertDataFrameNoOrderEquals(expected, actual);
    }

    @Test
    void latestSubscriptionStartWinsWhateverTheInputOrder() {
        List<Map.Entry<String, String>> cases = List.of(
                entry(account("A1", "2024-01-01", "standard", "first"),
                        rejected("duplicate", "superseded by a later copy of account_id A1")),
                entry(account("A1", "2025-03-01", "enterprise", "renewed"), STAGED),
                entry(account("A1", "2023-05-05", "standard", "oldest"),
                        rejected("duplicate", "superseded by a later copy of account_id A1")),
                // a rejected copy supersedes nothing, however late
                entry(account("A1", "2026-01-01", "gold", "rejected"),
                        rejected("bad_value", "field tier is not one of standard|enterprise: gold")),
                entry(account("A2", "2020-01-01", "standard", "only"), STAGED));
        assertOutcomesInBothOrders(cases);
    }

    @Test
    void exactTieGoesToTheGreatestRawText() {
        List<Map.Entry<String, String>> cases = List.of(
                entry(account("A1", "2025-03-01", "standard", "Alpha"),
                        rejected("duplicate", "superseded by a later copy of account_id A1")),
                entry(account("A1", "2025-03-01", "standard", "Beta"), STAGED),
                entry(account("A1", "2025-03-01", "standard", "Aardvark"),
                        rejected("duplicate", "superseded by a later copy of account_id A1")));
        assertOutcomesInBothOrders(cases);
    }

    private static void assertOutcomesInBothOrders(List<Map.Entry<String, String>> cases) {
        List<String> forward = linesOf(cases);
        List<String> backward = new ArrayList<>(forward);
        Collections.reverse(backward);
        assertEquals(expected(cases, false), outcomes(STAGING.tag(lines(forward))), "input order");
        assertEquals(expected(cases, false), outcomes(STAGING.tag(lines(backward))), "reversed input order");
    }
}
