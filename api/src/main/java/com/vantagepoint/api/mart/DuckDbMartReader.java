package com.vantagepoint.api.mart;

import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the local warehouse: {@code <warehouse>/current} names the run database, which is opened
 * read-only and loaded completely into a {@link Snapshot}. The connection stays open for per-request
 * transcript reads until the snapshot is closed.
 */
public final class DuckDbMartReader implements MartReader {
    static final String SCORE = "ACCOUNT_HEALTH_SCORE";
    static final String HISTORY = "ACCOUNT_HEALTH_HISTORY";
    static final String INSIGHTS = "ACCOUNT_INSIGHTS";
    static final String TRANSCRIPTS = "INTERACTION_TRANSCRIPTS_ENRICHED";
    static final String RUNS = "PIPELINE_RUNS";

    private final Path warehouse;

    public DuckDbMartReader(Path warehouse) {
        this.warehouse = warehouse;
    }

    @Override
    public String describe() {
        return warehouse.toString();
    }

    @Override
    public String currentVersion() throws IOException {
        try {
            String pointer = Files.readString(warehouse.resolve("current"), StandardCharsets.UTF_8).trim();
            return pointer.isEmpty() ? null : pointer;
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    @Override
    public Snapshot load(String version) throws Exception {
        Path db = warehouse.resolve(version).normalize();
        if (!db.startsWith(warehouse.normalize()) || !Files.isRegularFile(db)) {
            throw new IOException("current run database not found: " + db);
        }
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        Connection conn = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath(), props);
        try {
            try (Statement st = conn.createStatement()) {
                st.execute("SET TimeZone = 'UTC'");
            }
            Map<String, List<String[]>> schema = schema(conn);
            if (!schema.containsKey(SCORE)) {
                throw new SQLException("run database has no " + SCORE + " table: " + db);
            }
            Accounts accounts = readAccounts(conn, schema.get(SCORE));
            Snapshot.RunInfo run = readRun(conn, schema, accounts);
            Snapshot.Insights insights = schema.containsKey(INSIGHTS)
                    ? readInsights(conn, accounts) : Snapshot.Insights.empty(accounts.size);
            Snapshot.History history = schema.containsKey(HISTORY)
                    ? readHistory(conn, accounts) : new Snapshot.History(new String[0], new double[0], new byte[0], List.of());
            TranscriptSource transcripts = schema.containsKey(TRANSCRIPTS)
                    ? new DuckDbTranscripts(conn, selectList(schema.get(TRANSCRIPTS), "run_id"))
                    : new DuckDbTranscripts(conn, null);
            return new Snapshot(version, run, accounts.columns, accounts.size, insights, history, transcripts);
        } catch (Exception e) {
            conn.close();
            throw e;
        }
    }

    /** table → [column name, data type] in ordinal order. */
    private static Map<String, List<String[]>> schema(Connection conn) throws SQLException {
        Map<String, List<String[]>> out = new HashMap<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT upper(table_name), lower(column_name), upper(data_type) "
                     + "FROM information_schema.columns WHERE table_schema = 'main' ORDER BY table_name, ordinal_position")) {
            while (rs.next()) {
                out.computeIfAbsent(rs.getString(1), k -> new ArrayList<>()).add(new String[]{rs.getString(2), rs.getString(3)});
            }
        }
        return out;
    }

    /** Dates and timestamps come out as ISO text (lexical order = time order); decimals as doubles. */
    static String expression(String column, String type) {
        String quoted = '"' + column.replace("\"", "\"\"") + '"';
        if (type.startsWith("TIMESTAMP")) {
            return "strftime(" + quoted + ", '%Y-%m-%dT%H:%M:%SZ')";
        }
        if (type.equals("DATE")) {
            return "CAST(" + quoted + " AS VARCHAR)";
        }
        if (type.startsWith("DECIMAL") || type.equals("REAL") || type.equals("FLOAT")) {
            return "CAST(" + quoted + " AS DOUBLE)";
        }
        return quoted;
    }

    private static String selectList(List<String[]> cols, String exclude) {
        StringBuilder sb = new StringBuilder();
        for (String[] c : cols) {
            if (c[0].equals(exclude)) {
                continue;
            }
            if (!sb.isEmpty()) {
                sb.append(", ");
            }
            sb.append(expression(c[0], c[1])).append(" AS \"").append(c[0]).append('"');
        }
        return sb.toString();
    }

    private static Column.Kind kind(String type) {
        if (type.equals("BOOLEAN")) {
            return Column.Kind.BOOLEAN;
        }
        if (type.equals("BIGINT") || type.equals("INTEGER") || type.equals("SMALLINT") || type.equals("TINYINT")
                || type.equals("HUGEINT") || type.equals("UBIGINT") || type.equals("UINTEGER")) {
            return Column.Kind.INTEGER;
        }
        if (type.startsWith("DECIMAL") || type.equals("DOUBLE") || type.equals("REAL") || type.equals("FLOAT")) {
            return Column.Kind.DECIMAL;
        }
        return Column.Kind.STRING;
    }

    private record Accounts(Map<String, Column> columns, int size, Map<String, Integer> rowById) {
    }

    private static Accounts readAccounts(Connection conn, List<String[]> cols) throws SQLException {
        int n;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + SCORE)) {
            rs.next();
            n = rs.getInt(1);
        }
        int k = cols.size();
        Column.Kind[] kinds = new Column.Kind[k];
        String[][] strings = new String[k][];
        double[][] numbers = new double[k][];
        boolean[][] nulls = new boolean[k][];
        for (int c = 0; c < k; c++) {
            kinds[c] = kind(cols.get(c)[1]);
            if (kinds[c] == Column.Kind.STRING) {
                strings[c] = new String[n];
            } else {
                numbers[c] = new double[n];
                nulls[c] = new boolean[n];
            }
        }
        int r = 0;
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + selectList(cols, null) + " FROM " + SCORE + " ORDER BY account_id")) {
            while (rs.next() && r < n) {
                for (int c = 0; c < k; c++) {
                    switch (kinds[c]) {
                        case STRING -> strings[c][r] = rs.getString(c + 1);
                        case BOOLEAN -> {
                            boolean b = rs.getBoolean(c + 1);
                            nulls[c][r] = rs.wasNull();
                            numbers[c][r] = b ? 1 : 0;
                        }
                        default -> {
                            double d = rs.getDouble(c + 1);
                            nulls[c][r] = rs.wasNull();
                            numbers[c][r] = d;
                        }
                    }
                }
                r++;
            }
        }
        Map<String, Column> columns = new LinkedHashMap<>();
        for (int c = 0; c < k; c++) {
            String name = cols.get(c)[0];
            columns.put(name, kinds[c] == Column.Kind.STRING
                    ? Column.ofStrings(name, Arrays.copyOf(strings[c], r))
                    : Column.ofNumbers(name, kinds[c], Arrays.copyOf(numbers[c], r), Arrays.copyOf(nulls[c], r)));
        }
        for (String required : List.of("account_id", "industry", "health_score", "risk_tier")) {
            if (!columns.containsKey(required)) {
                throw new SQLException(SCORE + " lacks column " + required);
            }
        }
        Map<String, Integer> rowById = new HashMap<>(r * 2);
        Column id = columns.get("account_id");
        for (int i = 0; i < r; i++) {
            rowById.put(id.string(i), i);
        }
        return new Accounts(columns, r, rowById);
    }

    private static Snapshot.RunInfo readRun(Connection conn, Map<String, List<String[]>> schema, Accounts accounts)
            throws SQLException {
        String runId = accounts.size > 0 ? accounts.columns.get("run_id") != null
                ? accounts.columns.get("run_id").string(0) : null : null;
        String asOf = accounts.size > 0 && accounts.columns.get("as_of_date") != null
                ? accounts.columns.get("as_of_date").string(0) : null;
        Instant finished = null;
        if (schema.containsKey(RUNS)) {
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT run_id, CAST(as_of_date AS VARCHAR), finished_at FROM " + RUNS
                         + " WHERE status = 'published' ORDER BY finished_at DESC NULLS LAST LIMIT 1")) {
                if (rs.next()) {
                    runId = rs.getString(1);
                    asOf = asOf != null ? asOf : rs.getString(2);
                    Object ts = rs.getObject(3);
                    if (ts instanceof Timestamp t) {
                        finished = t.toLocalDateTime().toInstant(ZoneOffset.UTC);
                    } else if (ts instanceof LocalDateTime l) {
                        finished = l.toInstant(ZoneOffset.UTC);
                    } else if (ts != null) {
                        finished = LocalDateTime.parse(ts.toString().replace(' ', 'T')).toInstant(ZoneOffset.UTC);
                    }
                }
            }
        }
        return new Snapshot.RunInfo(runId, asOf, finished);
    }

    private static Snapshot.Insights readInsights(Connection conn, Accounts accounts) throws SQLException {
        int n = accounts.size;
        Snapshot.Insights ins = Snapshot.Insights.empty(n);
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT account_id, recommendation, transcript_summary, provider, model FROM " + INSIGHTS)) {
            while (rs.next()) {
                Integer row = accounts.rowById.get(rs.getString(1));
                if (row != null) {
                    ins.recommendation()[row] = rs.getString(2);
                    ins.transcriptSummary()[row] = rs.getString(3);
                    ins.provider()[row] = rs.getString(4);
                    ins.model()[row] = rs.getString(5);
                }
            }
        }
        return ins;
    }

    private static Snapshot.History readHistory(Connection conn, Accounts accounts) throws SQLException {
        List<String> dates = new ArrayList<>();
        List<Map<String, Object>> tierCounts = new ArrayList<>();
        Map<String, Map<String, Object>> byDate = new LinkedHashMap<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT CAST(as_of_date AS VARCHAR) d, risk_tier, count(*) FROM " + HISTORY
                     + " GROUP BY 1, 2 ORDER BY 1")) {
            while (rs.next()) {
                String d = rs.getString(1);
                Map<String, Object> entry = byDate.computeIfAbsent(d, k -> {
                    dates.add(k);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("as_of_date", k);
                    Map<String, Long> counts = new LinkedHashMap<>();
                    Snapshot.TIERS.forEach(t -> counts.put(t, 0L));
                    m.put("counts", counts);
                    tierCounts.add(m);
                    return m;
                });
                @SuppressWarnings("unchecked")
                Map<String, Long> counts = (Map<String, Long>) entry.get("counts");
                counts.put(String.valueOf(rs.getString(2)).toLowerCase(Locale.ROOT), rs.getLong(3));
            }
        }
        int nd = dates.size();
        Map<String, Integer> dateIndex = new HashMap<>();
        for (int i = 0; i < nd; i++) {
            dateIndex.put(dates.get(i), i);
        }
        double[] scores = new double[accounts.size * nd];
        Arrays.fill(scores, Double.NaN);
        byte[] tiers = new byte[accounts.size * nd];
        Arrays.fill(tiers, (byte) -1);
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT account_id, CAST(as_of_date AS VARCHAR), health_score, risk_tier FROM " + HISTORY)) {
            while (rs.next()) {
                Integer row = accounts.rowById.get(rs.getString(1));
                Integer d = dateIndex.get(rs.getString(2));
                if (row == null || d == null) {
                    continue;
                }
                scores[row * nd + d] = rs.getDouble(3);
                tiers[row * nd + d] = (byte) Snapshot.TIERS.indexOf(rs.getString(4));
            }
        }
        return new Snapshot.History(dates.toArray(String[]::new), scores, tiers, List.copyOf(tierCounts));
    }

    /** Per-request transcript reads on a duplicate of the snapshot's read-only connection. */
    private static final class DuckDbTranscripts implements TranscriptSource {
        private final Connection conn;
        private final String sql;

        DuckDbTranscripts(Connection conn, String selectList) {
            this.conn = conn;
            this.sql = selectList == null ? null
                    : "SELECT " + selectList + " FROM " + TRANSCRIPTS + " WHERE account_id = ? ORDER BY \"timestamp\" DESC, interaction_id";
        }

        @Override
        public List<Map<String, Object>> forAccount(String accountId) throws SQLException {
            if (sql == null) {
                return List.of();
            }
            try (Connection c = ((DuckDBConnection) conn.unwrap(DuckDBConnection.class)).duplicate();
                 PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, accountId);
                List<Map<String, Object>> out = new ArrayList<>();
                try (ResultSet rs = ps.executeQuery()) {
                    int k = rs.getMetaData().getColumnCount();
                    while (rs.next()) {
                        Map<String, Object> row = new LinkedHashMap<>();
                        for (int i = 1; i <= k; i++) {
                            Object v = rs.getObject(i);
                            if (v instanceof java.math.BigDecimal bd) {
                                v = bd.doubleValue();
                            }
                            row.put(rs.getMetaData().getColumnLabel(i), v);
                        }
                        out.add(row);
                    }
                }
                return out;
            }
        }

        @Override
        public void close() {
            try {
                conn.close();
            } catch (SQLException ignored) {
                // closing a read-only connection cannot lose anything
            }
        }
    }
}
