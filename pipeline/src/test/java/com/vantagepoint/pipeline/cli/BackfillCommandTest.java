package com.vantagepoint.pipeline.cli;

import com.vantagepoint.pipeline.CliOutcome;
import com.vantagepoint.pipeline.SharedSpark;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Properties;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** {@code backfill}: a range of as-of dates scored in one job, published beside a later current score. */
class BackfillCommandTest {

    @BeforeAll
    static void sharedSession() {
        SharedSpark.spark();
    }

    @Test
    void aBackfillAddsItsDatesToTheHistoryAndLeavesTheLaterCurrentScoreAlone(@TempDir Path warehouse,
                                                                              @TempDir Path separate) throws Exception {
        CliOutcome nightly = CliOutcome.execute("run", "--input", golden(), "--warehouse", warehouse.toString(),
                "--as-of", "2026-11-25", "--provider", "local");
        assertEquals(0, nightly.exit(), nightly.err());
        List<String> currentBefore = query(warehouse, "SELECT account_id || ' ' || as_of_date || ' ' || health_score "
                + "FROM ACCOUNT_HEALTH_SCORE ORDER BY 1");
        List<String> insightsBefore = query(warehouse, "SELECT account_id || ' ' || as_of_date FROM ACCOUNT_INSIGHTS ORDER BY 1");

        CliOutcome backfill = CliOutcome.execute("backfill", "--input", golden(), "--warehouse", warehouse.toString(),
                "--from", "2026-10-28", "--to", "2026-11-20", "--every", "1w", "--provider", "local");
        assertEquals(0, backfill.exit(), backfill.err());
        assertTrue(backfill.out().contains("[backfill] 4 dates from 2026-10-28 to 2026-11-18 every 1w"), backfill.out());

        assertEquals(List.of("2026-10-28", "2026-11-04", "2026-11-11", "2026-11-18", "2026-11-25"),
                query(warehouse, "SELECT DISTINCT CAST(as_of_date AS VARCHAR) FROM ACCOUNT_HEALTH_HISTORY ORDER BY 1"));
        assertEquals(currentBefore, query(warehouse, "SELECT account_id || ' ' || as_of_date || ' ' || health_score "
                + "FROM ACCOUNT_HEALTH_SCORE ORDER BY 1"), "the current score keeps the greatest date");
        assertEquals(insightsBefore, query(warehouse, "SELECT account_id || ' ' || as_of_date FROM ACCOUNT_INSIGHTS ORDER BY 1"),
                "an older range leaves the latest-state marts alone");
        assertEquals(List.of("2"), query(warehouse, "SELECT count(*) FROM PIPELINE_RUNS WHERE status = 'published'"));

        // The same dates scored by a weekly-history run give the same rows: one job, not an approximation.
        CliOutcome weekly = CliOutcome.execute("run", "--input", golden(), "--warehouse", separate.toString(),
                "--as-of", "2026-11-18", "--history-weeks", "3", "--provider", "local");
        assertEquals(0, weekly.exit(), weekly.err());
        String scores = "SELECT account_id || ' ' || as_of_date || ' ' || health_score || ' ' || risk_tier "
                + "FROM ACCOUNT_HEALTH_HISTORY WHERE as_of_date < DATE '2026-11-25' ORDER BY 1";
        assertEquals(query(separate, scores), query(warehouse, scores));
    }

    @Test
    void aDailyBackfillScoresEveryDay(@TempDir Path warehouse) throws Exception {
        CliOutcome backfill = CliOutcome.execute("backfill", "--input", golden(), "--warehouse", warehouse.toString(),
                "--from", "2026-11-20", "--to", "2026-11-25", "--every", "1d", "--provider", "local");
        assertEquals(0, backfill.exit(), backfill.err());
        assertEquals(List.of("6"), query(warehouse, "SELECT count(DISTINCT as_of_date) FROM ACCOUNT_HEALTH_HISTORY"));
        assertEquals(List.of("2026-11-25"), query(warehouse, "SELECT DISTINCT as_of_date FROM ACCOUNT_HEALTH_SCORE"));
    }

    @Test
    void badRangesAreOneLineUsageErrors() {
        assertUsage("error: --from 2026-11-25 is after --to 2026-11-01",
                "backfill", "--from", "2026-11-25", "--to", "2026-11-01");
        assertUsage("error: --every must be a number of days or weeks such as 1d or 1w, got 1m",
                "backfill", "--from", "2026-11-01", "--to", "2026-11-25", "--every", "1m");
        assertUsage("error: --to must be a date YYYY-MM-DD, got yesterday",
                "backfill", "--from", "2026-11-01", "--to", "yesterday");
        CliOutcome missing = CliOutcome.execute("backfill", "--to", "2026-11-25");
        assertEquals(2, missing.exit());
        assertTrue(missing.err().contains("--from"), missing.err());
    }

    private static void assertUsage(String message, String... args) {
        CliOutcome outcome = CliOutcome.execute(args);
        assertEquals(2, outcome.exit(), outcome.err());
        assertEquals(message, outcome.err().strip());
    }

    private static List<String> query(Path warehouse, String sql) throws Exception {
        Path current = warehouse.resolve(Files.readString(warehouse.resolve("current")).trim());
        Properties readOnly = new Properties();
        readOnly.setProperty("duckdb.read_only", "true");
        List<String> rows = new ArrayList<>();
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + current, readOnly);
             ResultSet r = c.createStatement().executeQuery(sql)) {
            while (r.next()) {
                rows.add(r.getString(1));
            }
        }
        return rows;
    }

    private static String golden() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(BackfillCommandTest.class.getClassLoader().getResource("golden")).toURI()).toString();
    }
}
