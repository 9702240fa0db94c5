package com.vantagepoint.api.mart;

import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Reads the local warehouse: {@code <warehouse>/current} names the run database, which is opened
 * read-only and loaded completely into a {@link Snapshot}. The connection stays open for per-request
 * transcript reads until the snapshot is closed.
 */
public final class DuckDbMartReader implements MartReader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(DuckDbMartReader.class);
    static final String SCORE = Tables.ACCOUNT_HEALTH_SCORE;
    static final String HISTORY = Tables.ACCOUNT_HEALTH_HISTORY;
    static final String INSIGHTS = Tables.ACCOUNT_INSIGHTS;
    static final String TRANSCRIPTS = Tables.INTERACTION_TRANSCRIPTS_ENRICHED;
    static final String RUNS = Tables.PIPELINE_RUNS;

    /** SQL for a history row's tier code: its index in {@link Snapshot#TIERS}, -1 when unknown. */
    private static final String TIER_CODE = tierCodeSql();

    private static final ExecutorService LOADER = Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "mart-loader");
        t.setDaemon(true);
        return t;
    });

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
            long t0 = System.nanoTime();
            int n = count(conn, SCORE);
            String idx = "WITH idx AS (SELECT account_id, CAST(row_number() OVER (ORDER BY account_id) - 1 AS INTEGER) AS r FROM "
                    + SCORE + ") ";
            // insights and history are read on a second connection while the account columns load
            Future<Snapshot.Insights> insightsF = LOADER.submit(() -> {
                if (!schema.containsKey(INSIGHTS)) {
                    return Snapshot.Insights.empty(n);
                }
                try (Connection c = duplicate(conn)) {
                    return readInsights(c, idx, n);
                }
            });
            Future<Snapshot.History> historyF = LOADER.submit(() -> {
                if (!schema.containsKey(HISTORY)) {
                    return new Snapshot.History(new String[0], new double[0], new byte[0], List.of());
                }
                try (Connection c = duplicate(conn)) {
                    return readHistory(c, idx, n);
                }
            });
            // the account columns load in two halves on two connections (JDBC decoding is the slow part)
            List<String[]> cols = schema.get(SCORE);
            int half = cols.size() / 2;
            Future<Accounts> secondHalf = LOADER.submit(() -> {
                try (Connection c = duplicate(conn)) {
                    return readAccounts(c, cols.subList(half, cols.size()), n);
                }
            });
            Accounts firstHalf = readAccounts(conn, cols.subList(0, half), n);
            Accounts rest = get(secondHalf);
            Map<String, Column> merged = new LinkedHashMap<>(firstHalf.columns());
            merged.putAll(rest.columns());
            Accounts accounts = new Accounts(merged, Math.min(firstHalf.size(), rest.size()));
            for (String required : List.of(Columns.ACCOUNT_ID, Columns.INDUSTRY, Columns.HEALTH_SCORE, Columns.RISK_TIER)) {
                if (!merged.containsKey(required)) {
                    throw new SQLException(SCORE + " lacks column " + required);
                }
            }
            long t1 = System.nanoTime();
            Snapshot.RunInfo run = readRun(conn, schema, accounts);
            Snapshot.Insights insights = get(insightsF);
            Snapshot.History history = get(historyF);
            long t2 = System.nanoTime();
            TranscriptSource transcripts = schema.containsKey(TRANSCRIPTS)
                    ? new DuckDbTranscripts(conn, selectList(schema.get(TRANSCRIPTS), "run_id"))
                    : new DuckDbTranscripts(conn, null);
            Snapshot snapshot = new Snapshot(version, run, accounts.columns, accounts.size, insights, history, transcripts);
            long t3 = System.nanoTime();
            LOG.info("read {}: {} accounts in {} ms, insights and history {} ms more, sort indexes {} ms", version, n,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
            return snapshot;
        } catch (Exception e) {
            conn.close();
            throw e;
        }
    }

    private static Connection duplicate(Connection conn) throws SQLException {
        return conn.unwrap(DuckDBConnection.class).duplicate();
    }

    private static <T> T get(Future<T> f) throws Exception {
        try {
            return f.get();
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ex ? ex : e;
        }
    }

    private static int count(Connection conn, String table) throws SQLException {
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery("SELECT count(*) FROM " + table)) {
            rs.next();
            return rs.getInt(1);
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

    private record Accounts(Map<String, Column> columns, int size) {
    }

    private static Accounts readAccounts(Connection conn, List<String[]> cols, int n) throws SQLException {
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
        return new Accounts(columns, r);
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
                 ResultSet rs = st.executeQuery("SELECT run_id, CAST(as_of_date AS VARCHAR), "
                         + expression("finished_at", "TIMESTAMP") + " FROM " + RUNS
                         + " WHERE status = 'published' AND run_id = coalesce(" + (runId == null ? "NULL" : "'" + runId.replace("'", "''") + "'")
                         + ", run_id) ORDER BY finished_at DESC NULLS LAST LIMIT 1")) {
                if (rs.next()) {
                    runId = rs.getString(1);
                    asOf = asOf != null ? asOf : rs.getString(2);
                    String ts = rs.getString(3);
                    finished = ts == null ? null : Instant.parse(ts);
                }
            }
        }
        return new Snapshot.RunInfo(runId, asOf, finished);
    }

    private static Snapshot.Insights readInsights(Connection conn, String idx, int n) throws SQLException {
        Snapshot.Insights ins = Snapshot.Insights.empty(n);
        Map<String, String> labels = new HashMap<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery(idx + "SELECT idx.r, i.recommendation, i.transcript_summary, i.provider, i.model FROM "
                     + INSIGHTS + " i JOIN idx USING (account_id)")) {
            while (rs.next()) {
                int row = rs.getInt(1);
                if (row >= 0 && row < n) {
                    ins.recommendation()[row] = rs.getString(2);
                    ins.transcriptSummary()[row] = rs.getString(3);
                    String provider = rs.getString(4);
                    String model = rs.getString(5);
                    ins.provider()[row] = provider == null ? null : labels.computeIfAbsent(provider, k -> k);
                    ins.model()[row] = model == null ? null : labels.computeIfAbsent(model, k -> k);
                }
            }
        }
        return ins;
    }

    private static Snapshot.History readHistory(Connection conn, String idx, int n) throws SQLException {
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
        double[] scores = new double[n * nd];
        Arrays.fill(scores, Double.NaN);
        byte[] tiers = new byte[n * nd];
        Arrays.fill(tiers, (byte) -1);
        // primitives only: row and date as indexes, tier as its ordinal (no per-row strings)
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery(idx + ", dates AS (SELECT as_of_date, CAST(row_number() OVER (ORDER BY as_of_date) - 1 AS INTEGER) AS d "
                     + "FROM (SELECT DISTINCT as_of_date FROM " + HISTORY + ")) "
                     + "SELECT idx.r, dates.d, h.health_score, CAST(" + TIER_CODE + " AS INTEGER) "
                     + "FROM " + HISTORY + " h JOIN idx USING (account_id) JOIN dates USING (as_of_date)")) {
            while (rs.next()) {
                int row = rs.getInt(1);
                int d = rs.getInt(2);
                if (row < 0 || row >= n || d < 0 || d >= nd) {
                    continue;
                }
                scores[row * nd + d] = rs.getDouble(3);
                tiers[row * nd + d] = (byte) rs.getInt(4);
            }
        }
        return new Snapshot.History(dates.toArray(String[]::new), scores, tiers, List.copyOf(tierCounts));
    }

    /** Per-request transcript reads on a duplicate of the snapshot's read-only connection. */
    private static String tierCodeSql() {
        StringBuilder sql = new StringBuilder("CASE h.").append(Columns.RISK_TIER);
        for (int code = 0; code < Snapshot.TIERS.size(); code++) {
            sql.append(" WHEN '").append(Snapshot.TIERS.get(code)).append("' THEN ").append(code);
        }
        return sql.append(" ELSE -1 END").toString();
    }

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
            try (Connection c = duplicate(conn);
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
