package com.vantagepoint.pipeline.cli;

import com.vantagepoint.scoring.cli.CliErrors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class SqlCommandTest {
    @TempDir
    Path dir;

    Path warehouse;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void publishATinyRun() throws Exception {
        warehouse = dir.resolve("wh");
        Files.createDirectories(warehouse.resolve("runs"));
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + warehouse.resolve("runs/run-1.duckdb"));
             Statement s = c.createStatement()) {
            s.execute("CREATE TABLE ACCOUNT_HEALTH_SCORE (account_id VARCHAR, note VARCHAR, health_score DOUBLE, "
                    + "annual_revenue DECIMAL(18,2), as_of_date DATE, last_active_at TIMESTAMP, total_sessions BIGINT, is_churned BOOLEAN)");
            s.execute("INSERT INTO ACCOUNT_HEALTH_SCORE VALUES "
                    + "('ACC-0001', 'plain', 72.5, 125000.50, DATE '2026-11-18', TIMESTAMP '2026-11-17 09:30:00', 42, false), "
                    + "('ACC-0002', 'has, comma and \"quotes\"', 10000000.0, 0.00, DATE '2026-11-18', NULL, 0, true), "
                    + "('ACC-0003', 'two' || chr(10) || 'lines', NULL, NULL, NULL, TIMESTAMP '2026-11-17 09:30:00.25', NULL, NULL)");
        }
        Files.writeString(warehouse.resolve("current"), "runs/run-1.duckdb\n");
    }

    int run(String... args) {
        CommandLine cli = CliErrors.configure(new CommandLine(new PipelineCli()));
        cli.setOut(new PrintWriter(out, true));
        cli.setErr(new PrintWriter(err, true));
        return cli.execute(args);
    }

    @Test
    void csvPrintsAHeaderAndTheRowsWithProperQuotingAndNothingElse() {
        int code = run("sql", "--warehouse", warehouse.toString(), "--format", "csv",
                "SELECT * FROM ACCOUNT_HEALTH_SCORE ORDER BY account_id");
        assertEquals(0, code, err.toString());
        assertEquals("""
                account_id,note,health_score,annual_revenue,as_of_date,last_active_at,total_sessions,is_churned
                ACC-0001,plain,72.5,125000.50,2026-11-18,2026-11-17 09:30:00,42,false
                ACC-0002,"has, comma and ""quotes\"\"\",10000000.0,0.00,2026-11-18,,0,true
                ACC-0003,"two
                lines",,,,2026-11-17 09:30:00.25,,
                """, out.toString());
        assertEquals("", err.toString());
    }

    @Test
    void csvOfAnEmptyResultIsJustTheHeader() {
        assertEquals(0, run("sql", "--warehouse", warehouse.toString(), "--format", "csv",
                "SELECT account_id, health_score FROM ACCOUNT_HEALTH_SCORE WHERE false"));
        assertEquals("account_id,health_score\n", out.toString());
    }

    @Test
    void tableAlignsColumnsAndJsonPrintsOneObjectPerLine() {
        assertEquals(0, run("sql", "--warehouse", warehouse.toString(),
                "SELECT account_id, health_score, is_churned FROM ACCOUNT_HEALTH_SCORE ORDER BY account_id"));
        assertEquals("""
                account_id | health_score | is_churned
                -----------+--------------+-----------
                ACC-0001   |         72.5 | false
                ACC-0002   |   10000000.0 | true
                ACC-0003   |         NULL | NULL
                (3 rows)
                """, out.toString());

        out.getBuffer().setLength(0);
        assertEquals(0, run("sql", "--warehouse", warehouse.toString(), "--format", "json",
                "SELECT account_id, note, health_score, annual_revenue, as_of_date, is_churned FROM ACCOUNT_HEALTH_SCORE ORDER BY account_id"));
        assertEquals("""
                {"account_id":"ACC-0001","note":"plain","health_score":72.5,"annual_revenue":125000.50,"as_of_date":"2026-11-18","is_churned":false}
                {"account_id":"ACC-0002","note":"has, comma and \\"quotes\\"","health_score":10000000.0,"annual_revenue":0.00,"as_of_date":"2026-11-18","is_churned":true}
                {"account_id":"ACC-0003","note":"two\\nlines","health_score":null,"annual_revenue":null,"as_of_date":null,"is_churned":null}
                """, out.toString());
    }

    @Test
    void writesAreRefusedWithOneLineAndANonZeroExit() {
        int code = run("sql", "--warehouse", warehouse.toString(), "DELETE FROM ACCOUNT_HEALTH_SCORE");
        assertEquals(1, code);
        String e = err.toString();
        assertTrue(e.startsWith("error: the warehouse is read-only"), e);
        assertEquals(1, e.lines().count(), e);
        assertEquals("", out.toString());

        out.getBuffer().setLength(0);
        err.getBuffer().setLength(0);
        code = run("sql", "--warehouse", warehouse.toString(), "COPY ACCOUNT_HEALTH_SCORE TO '" + dir.resolve("x.csv") + "'");
        assertEquals(1, code);
        assertTrue(err.toString().startsWith("error: query failed: "), err.toString());
        assertTrue(Files.notExists(dir.resolve("x.csv")));

        err.getBuffer().setLength(0);
        assertEquals(1, run("sql", "--warehouse", warehouse.toString(), "SELECT * FROM NO_SUCH_TABLE"));
        assertEquals(1, err.toString().lines().count(), err.toString());
        assertEquals(3, countRows());
    }

    @Test
    void anEmptyWarehouseSaysToRunThePipelineFirst() {
        Path empty = dir.resolve("nothing");
        assertEquals(1, run("sql", "--warehouse", empty.toString(), "SELECT 1"));
        assertEquals("error: no published run in " + empty.toAbsolutePath() + "; run `vantagepoint run` first\n", err.toString());
    }

    @Test
    void anUnknownFormatIsAUsageError() {
        assertEquals(2, run("sql", "--warehouse", warehouse.toString(), "--format", "xml", "SELECT 1"));
        assertTrue(err.toString().startsWith("error: "), err.toString());
    }

    @Test
    void theWarehouseComesFromTheConfigurationByDefault() throws Exception {
        Path conf = dir.resolve("test.conf");
        Files.writeString(conf, "vantagepoint.warehouse = \"" + warehouse.toString().replace("\\", "/") + "\"\n");
        assertEquals(0, run("sql", "--conf", conf.toString(), "--format", "csv", "SELECT count(*) AS n FROM ACCOUNT_HEALTH_SCORE"));
        assertEquals("n\n3\n", out.toString());
    }

    private long countRows() {
        out.getBuffer().setLength(0);
        run("sql", "--warehouse", warehouse.toString(), "--format", "csv", "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE");
        return Long.parseLong(out.toString().lines().skip(1).findFirst().orElseThrow());
    }
}
