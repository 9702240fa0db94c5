package com.vantagepoint.pipeline.cli;

import com.typesafe.config.Config;
import com.vantagepoint.pipeline.warehouse.WarehouseReader;
import com.vantagepoint.scoring.config.VantageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code sql "QUERY"}: one read-only query against the current published run of the local warehouse. */
@Command(name = "sql", mixinStandardHelpOptions = true,
        description = "Run a read-only SQL query against the latest published run of the local DuckDB warehouse.")
public final class SqlCommand implements Callable<Integer> {

    /** Output formats. */
    public enum Format { table, csv, json }

    @Spec
    CommandSpec spec;

    @Option(names = "--warehouse", paramLabel = "DIR", description = "Warehouse directory (default: config key `warehouse`).")
    Path warehouse;

    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON configuration file.")
    Path conf;

    @Option(names = "--format", paramLabel = "FORMAT", defaultValue = "table",
            description = "Output format: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
    Format format;

    @Parameters(index = "0", paramLabel = "QUERY", description = "The SQL query (DuckDB dialect).")
    String query;

    private static final DateTimeFormatter SECONDS = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");

    @Override
    public Integer call() {
        Map<String, Object> overrides = new HashMap<>();
        if (warehouse != null) {
            overrides.put("warehouse", warehouse.toAbsolutePath().toString());
        }
        Config config = VantageConfig.load(conf, overrides);
        Path dir = Path.of(config.getString("warehouse"));
        PrintWriter out = spec.commandLine().getOut();
        try (WarehouseReader reader = WarehouseReader.open(dir, true);
             Statement s = reader.connection().createStatement()) {
            if (s.execute(query)) {
                try (ResultSet rs = s.getResultSet()) {
                    switch (format) {
                        case csv -> printCsv(rs, out);
                        case json -> printJson(rs, out);
                        default -> printTable(rs, out);
                    }
                }
            }
        } catch (SQLException e) {
            String reason = firstLine(e);
            throw new IllegalStateException(reason.contains("read-only mode")
                    ? "the warehouse is read-only; `sql` runs queries only (" + reason + ")"
                    : "query failed: " + reason, e);
        } finally {
            out.flush();
        }
        return 0;
    }

    static void printCsv(ResultSet rs, PrintWriter out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        StringBuilder line = new StringBuilder();
        for (int i = 1; i <= n; i++) {
            line.append(i > 1 ? "," : "").append(csv(md.getColumnLabel(i)));
        }
        out.print(line.append('\n'));
        while (rs.next()) {
            line.setLength(0);
            for (int i = 1; i <= n; i++) {
                String v = text(rs, i);
                line.append(i > 1 ? "," : "").append(v == null ? "" : csv(v));
            }
            out.print(line.append('\n'));
        }
    }

    static void printJson(ResultSet rs, PrintWriter out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        StringBuilder line = new StringBuilder();
        while (rs.next()) {
            line.setLength(0);
            line.append("{");
            for (int i = 1; i <= n; i++) {
                line.append(i > 1 ? "," : "").append(jsonString(md.getColumnLabel(i))).append(':').append(jsonValue(rs, i));
            }
            out.print(line.append("}\n"));
        }
    }

    static void printTable(ResultSet rs, PrintWriter out) throws SQLException {
        ResultSetMetaData md = rs.getMetaData();
        int n = md.getColumnCount();
        String[] header = new String[n];
        int[] width = new int[n];
        boolean[] right = new boolean[n];
        for (int i = 0; i < n; i++) {
            header[i] = md.getColumnLabel(i + 1);
            width[i] = header[i].length();
            right[i] = isNumeric(md.getColumnType(i + 1));
        }
        List<String[]> rows = new ArrayList<>();
        while (rs.next()) {
            String[] row = new String[n];
            for (int i = 0; i < n; i++) {
                String v = text(rs, i + 1);
                row[i] = v == null ? "NULL" : v.replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t");
                width[i] = Math.max(width[i], row[i].length());
            }
            rows.add(row);
        }
        out.println(tableLine(header, width, new boolean[n]));
        StringBuilder rule = new StringBuilder();
        for (int i = 0; i < n; i++) {
            rule.append(i > 0 ? "-+-" : "").append("-".repeat(width[i]));
        }
        out.println(rule);
        for (String[] row : rows) {
            out.println(tableLine(row, width, right));
        }
        out.println("(" + rows.size() + (rows.size() == 1 ? " row)" : " rows)"));
    }

    private static String tableLine(String[] cells, int[] width, boolean[] right) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.length; i++) {
            String pad = " ".repeat(width[i] - cells[i].length());
            b.append(i > 0 ? " | " : "").append(right[i] ? pad + cells[i] : cells[i] + (i == cells.length - 1 ? "" : pad));
        }
        return b.toString();
    }

    private static boolean isNumeric(int sqlType) {
        return switch (sqlType) {
            case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.FLOAT, Types.REAL, Types.DOUBLE,
                 Types.DECIMAL, Types.NUMERIC -> true;
            default -> false;
        };
    }

    /** A value as text: dates ISO, timestamps {@code yyyy-MM-dd HH:mm:ss[.f]}, numbers without exponent. */
    static String text(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null) {
            return null;
        }
        if (v instanceof Timestamp) {
            return timestamp(rs.getObject(i, LocalDateTime.class));
        }
        if (v instanceof LocalDateTime t) {
            return timestamp(t);
        }
        if (v instanceof OffsetDateTime t) {
            return t.toString();
        }
        if (v instanceof Double d) {
            return number(d);
        }
        if (v instanceof Float f) {
            return number(f.doubleValue());
        }
        if (v instanceof BigDecimal d) {
            return d.toPlainString();
        }
        return v.toString();
    }

    /** Shortest round-trip digits, never an exponent, always a decimal point: 72.5, 10000000.0, 0.000015. */
    private static String number(double d) {
        String s = Double.toString(d);
        if (!Double.isFinite(d) || s.indexOf('E') < 0) {
            return s;
        }
        String plain = new BigDecimal(s).toPlainString();
        return plain.indexOf('.') < 0 ? plain + ".0" : plain;
    }

    /** Like DuckDB prints a TIMESTAMP: seconds always, the fraction only when non-zero, trailing zeros dropped. */
    private static String timestamp(LocalDateTime t) {
        String base = SECONDS.format(t);
        if (t.getNano() == 0) {
            return base;
        }
        String fraction = String.format("%09d", t.getNano()).replaceAll("0+$", "");
        return base + "." + fraction;
    }

    static String csv(String v) {
        if (v.indexOf(',') < 0 && v.indexOf('"') < 0 && v.indexOf('\n') < 0 && v.indexOf('\r') < 0) {
            return v;
        }
        return '"' + v.replace("\"", "\"\"") + '"';
    }

    private static String jsonValue(ResultSet rs, int i) throws SQLException {
        Object v = rs.getObject(i);
        if (v == null) {
            return "null";
        }
        if (v instanceof Boolean b) {
            return b.toString();
        }
        if (v instanceof Number num && !(v instanceof Double d && !Double.isFinite(d))
                && !(v instanceof Float f && !Float.isFinite(f))) {
            return text(rs, i);
        }
        return jsonString(text(rs, i));
    }

    static String jsonString(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("");
    }
}
