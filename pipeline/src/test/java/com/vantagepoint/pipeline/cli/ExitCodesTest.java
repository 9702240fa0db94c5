package com.vantagepoint.pipeline.cli;

import com.vantagepoint.pipeline.CliOutcome;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * One rule for every pipeline command: 0 on success; otherwise exactly one line {@code error: <reason>} on stderr,
 * exit 2 for bad arguments and 1 for failures, and never a stack trace. None of these rows starts Spark.
 */
class ExitCodesTest {

    @ParameterizedTest(name = "[{index}] {0} -> {1}")
    @CsvSource(delimiter = '|', textBlock = """
            ''                                                   | 2 | Missing required subcommand
            frobnicate                                           | 2 | frobnicate
            run --no-such-flag                                   | 2 | --no-such-flag
            run --as-of 25/11/2026                               | 2 | --as-of must be a date
            run --history-weeks -1                               | 2 | --history-weeks
            run --provider openai                                | 2 | openai
            run --conf /nonexistent/missing.conf                 | 2 | /nonexistent/missing.conf
            run --input /nonexistent/raw                         | 2 | /nonexistent/raw is not a directory
            generate                                             | 2 | --out
            generate --out /tmp/x --accounts 0                   | 2 | --accounts
            generate --out /tmp/x --as-of yesterday              | 2 | --as-of
            analyze --in /tmp/in.jsonl --out /tmp/o --provider foo | 2 | foo
            sql                                                  | 2 | QUERY
            sql --format xml select 1                            | 2 | xml
            demo --no-such-flag                                  | 2 | --no-such-flag
            backtest --no-such-flag                              | 2 | --no-such-flag
            backtest --horizon-days 0                            | 2 | --horizon-days must be at least 1
            backtest --horizon-days soon                         | 2 | soon
            backtest --from 2026-13-01                           | 2 | --from must be a date
            backtest --from 2026-11-01 --to 2026-10-01           | 2 | --from 2026-11-01 is after --to 2026-10-01
            backtest --conf /nonexistent/missing.conf            | 2 | /nonexistent/missing.conf
            backtest --warehouse /nonexistent/warehouse          | 1 | no published run in /nonexistent/warehouse
            """)
    void badArgumentsAreOneErrorLineAndExitTwo(String args, int exit, String reason) {
        CliOutcome outcome = CliOutcome.execute(args.isBlank() ? new String[0] : args.split(" "));
        assertEquals(exit, outcome.exit(), outcome.err());
        String err = outcome.err().strip();
        assertEquals(1, err.lines().count(), "one line: " + err);
        assertTrue(err.startsWith("error: "), err);
        assertTrue(err.contains(reason), "names the reason (" + reason + "): " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
    }

    @ParameterizedTest(name = "[{index}] {0}")
    @CsvSource(delimiter = '|', textBlock = """
            --version            | vantagepoint
            run --version        | vantagepoint
            --help               | Usage:
            run --help           | --accept-volume-change
            generate --help      | --out
            analyze --help       | --provider
            sql --help           | --format
            demo --help          | --no-serve
            backtest --help      | --horizon-days
            """)
    void helpAndVersionPrintAndReturnZero(String args, String expected) {
        CliOutcome outcome = CliOutcome.execute(args.split(" "));
        assertEquals(0, outcome.exit(), outcome.err());
        assertTrue(outcome.out().contains(expected), outcome.out());
        assertEquals("", outcome.err());
    }
}
