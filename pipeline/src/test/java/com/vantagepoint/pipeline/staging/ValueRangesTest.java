package com.vantagepoint.pipeline.staging;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static com.vantagepoint.pipeline.staging.StagingFixtures.RANGES;
import static com.vantagepoint.pipeline.staging.StagingFixtures.STAGED;
import static com.vantagepoint.pipeline.staging.StagingFixtures.accounts;
import static com.vantagepoint.pipeline.staging.StagingFixtures.expected;
import static com.vantagepoint.pipeline.staging.StagingFixtures.lines;
import static com.vantagepoint.pipeline.staging.StagingFixtures.linesOf;
import static com.vantagepoint.pipeline.staging.StagingFixtures.outcomes;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Numbers and dates at the edges: values a type check accepts but the marts cannot hold or no business has
 * (a date in 1500 that Parquet cannot write, a session of 1e400 seconds that becomes Infinity, revenue of
 * 10^16) are rejected as bad_value naming the field and the accepted range; values at the edges are staged.
 */
class ValueRangesTest {
    private static String account(String start, String end, String revenue) {
        return "{\"account_id\":\"A\",\"subscription_start_date\":\"" + start + "\"," + (end == null ? ""
                : "\"subscription_end_date\":\"" + end + "\",") + "\"annual_revenue\":" + revenue + ",\"tier\":\"standard\"}";
    }

    private static String session(String id, String duration, String timestamp) {
        return "{\"session_id\":\"" + id + "\",\"account_id\":\"A\",\"session_duration_seconds\":" + duration
                + ",\"timestamp\":\"" + timestamp + "\"}";
    }

    @Test
    void accountDatesAndRevenueOutsideTheirRangesAreBadValues() {
        List<Map.Entry<String, String>> cases = List.of(
                Map.entry(account("1500-01-01", null, "100"), "bad_value: field subscription_start_date is outside 1900-01-01 .. 2100-12-31: 1500-01-01"),
                Map.entry(account("2020-01-01", "2200-06-30", "100"), "bad_value: field subscription_end_date is outside 1900-01-01 .. 2100-12-31: 2200-06-30"),
                Map.entry(account("2020-01-01", null, "2000000000000000"), "bad_value: field annual_revenue is outside 0 .. 1000000000000000: 2000000000000000.00"),
                Map.entry(account("2020-01-01", null, "-5"), "bad_value: field annual_revenue is outside 0 .. 1000000000000000: -5.00"),
                Map.entry(account("1900-01-01", "2100-12-31", "1000000000000000"), STAGED));
        assertEquals(expected(cases, false),
                outcomes(new AccountsStaging(List.of("standard"), RANGES).tag(lines(linesOf(cases)))));
    }

    @Test
    void nonFiniteOrAbsurdSessionsAndAncientTimestampsAreBadValues() {
        List<Map.Entry<String, String>> cases = List.of(
                Map.entry(session("huge", "1e400", "2026-11-20T10:00:00Z"), "bad_value: field session_duration_seconds is outside 0.0 .. 86400.0: Infinity"),
                Map.entry(session("inf", "\"Infinity\"", "2026-11-20T10:00:00Z"), "bad_value: field session_duration_seconds is outside 0.0 .. 86400.0: Infinity"),
                Map.entry(session("max1", "1.7e308", "2026-11-20T10:00:00Z"), "bad_value: field session_duration_seconds is outside 0.0 .. 86400.0: 1.7E308"),
                Map.entry(session("ancient", "12", "1500-03-01T10:00:00Z"), "bad_value: field timestamp is outside 1900-01-01 .. 2100-12-31: 1500-03-01 10:00:00"),
                Map.entry(session("day", "86400", "2026-11-20T10:00:00Z"), STAGED));
        assertEquals(expected(cases, false),
                outcomes(new UsageStaging(RANGES).tag(lines(linesOf(cases)), accounts("A"))));
    }
}
