package com.vantagepoint.api.mart;

import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.health.Signal;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Loads the published marts over one JDBC connection into a {@link Snapshot}: the same queries for every warehouse,
 * with a {@link SqlDialect} for what differs. Insights, history and half of the account columns are read on
 * parallel connections while the other half loads (JDBC decoding is the slow part).
 */
final class MartLoader {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(MartLoader.class);
    static final String SCORE = Tables.ACCOUNT_HEALTH_SCORE;
    static final String HISTORY = Tables.ACCOUNT_HEALTH_HISTORY;
    static final String INSIGHTS = Tables.ACCOUNT_INSIGHTS;
    static final String TRANSCRIPTS = Tables.INTERACTION_TRANSCRIPTS_ENRICHED;
    static final String RUNS = Tables.PIPELINE_RUNS;
    static final String CHANGES = Tables.ACCOUNT_SCORE_CHANGES;
    static final String BACKTEST = Tables.SCORE_BACKTEST;
    /** The tables the API reads. */
    static final List<String> TABLES = List.of(SCORE, HISTORY, INSIGHTS, TRANSCRIPTS, RUNS, CHANGES, BACKTEST);

    private static final ExecutorService LOADER = Executors.newFixedThreadPool(3, r -> {
        Thread t = new Thread(r, "mart-loader");
        t.setDaemon(true);
        return t;
    });

    private final SqlDialect dialect;
    private final int moversKept;

    /** @param moversKept how many of the biggest drops and of the biggest rises per window the snapshot holds */
    MartLoader(SqlDialect dialect, int moversKept) {
        this.dialect = dialect;
        this.moversKept = moversKept;
    }

    /**
     * Reads the snapshot of {@code version}; the transcripts of the snapshot read through {@code transcripts}.
     * Leaves {@code conn} open: who opened it decides whether transcript reads still need it.
     */
    Snapshot load(String version, Connection conn, JdbcTranscripts.Connections transcripts) throws Exception {
        Map<String, List<String[]>> schema = dialect.columns(conn);
        if (!schema.containsKey(SCORE)) {
            throw new SQLException("no " + SCORE + " table has been published");
        }
        long t0 = System.nanoTime();
        int n = count(conn, SCORE);
        String id = dialect.quote(Columns.ACCOUNT_ID);
        String idx = "WITH idx AS (SELECT " + id + ", CAST(row_number() OVER (ORDER BY " + id + ") - 1 AS INTEGER) AS r FROM "
                + SCORE + ") ";
        Future<Snapshot.Insights> insightsF = LOADER.submit(() -> {
            if (!schema.containsKey(INSIGHTS)) {
                return Snapshot.Insights.empty(n);
            }
            try (Connection c = dialect.parallel(conn)) {
                return readInsights(c, idx, n);
            }
        });
        Future<Snapshot.History> historyF = LOADER.submit(() -> {
            if (!schema.containsKey(HISTORY)) {
                return new Snapshot.History(new String[0], new double[0], new byte[0],
                        new float[Signal.values().length][], List.of());
            }
            try (Connection c = dialect.parallel(conn)) {
                return readHistory(c, schema, idx, n);
            }
        });
        List<String[]> cols = schema.get(SCORE);
        int half = cols.size() / 2;
        Future<Accounts> secondHalf = LOADER.submit(() -> {
            try (Connection c = dialect.parallel(conn)) {
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
        String transcriptSql = schema.containsKey(TRANSCRIPTS)
                ? "SELECT " + selectList(schema.get(TRANSCRIPTS), Columns.RUN_ID) + " FROM " + TRANSCRIPTS + " WHERE "
                + id + " = ? ORDER BY " + dialect.quote(Columns.TIMESTAMP) + " DESC, " + dialect.quote(Columns.INTERACTION_ID)
                : null;
        Snapshot.Movers movers = readMovers(conn, schema);
        Snapshot.Backtest backtest = readBacktest(conn, schema);
        Snapshot snapshot = new Snapshot(version, run, accounts.columns, accounts.size, insights, history,
                new JdbcTranscripts(transcriptSql, transcripts), movers, backtest);
        long t3 = System.nanoTime();
        LOG.info("read {}: {} accounts in {} ms, insights and history {} ms more, movers, backtest and summary {} ms", version, n,
                (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000);
        return snapshot;
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

    /** Dates and timestamps come out as ISO text (lexical order = time order); decimals as doubles. */
    String expression(String column, String type) {
        String quoted = dialect.quote(column);
        if (type.startsWith("TIMESTAMP")) {
            return dialect.isoTimestamp(quoted);
        }
        if (type.equals("DATE")) {
            return dialect.isoDate(quoted);
        }
        if (type.startsWith("DECIMAL") || type.equals("REAL") || type.equals("FLOAT")) {
            return "CAST(" + quoted + " AS DOUBLE)";
        }
        return quoted;
    }

    /** The columns under their lower-case names (a quoted alias keeps its case in every dialect). */
    private String selectList(List<String[]> cols, String exclude) {
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

    /**
     * Reads account columns in account-id order. Every text column but the id repeats (industries, tiers, owners,
     * dates), so each comes as a code per row into a dictionary of its distinct values: JDBC decodes an integer
     * per row far faster than a string per row, and rows share one String per distinct value.
     */
    private Accounts readAccounts(Connection conn, List<String[]> cols, int n) throws SQLException {
        int k = cols.size();
        Column.Kind[] kinds = new Column.Kind[k];
        String[][] dictionaries = new String[k][];
        String[][] strings = new String[k][];
        double[][] numbers = new double[k][];
        boolean[][] nulls = new boolean[k][];
        for (int c = 0; c < k; c++) {
            kinds[c] = kind(cols.get(c)[1]);
            if (kinds[c] == Column.Kind.STRING) {
                strings[c] = new String[n];
                if (!cols.get(c)[0].equals(Columns.ACCOUNT_ID)) {
                    dictionaries[c] = readDictionary(conn, cols.get(c), c);
                }
            } else {
                numbers[c] = new double[n];
                nulls[c] = new boolean[n];
            }
        }
        int r = 0;
        try (Statement st = conn.createStatement(); ResultSet rs = st.executeQuery(accountsQuery(cols, dictionaries))) {
            while (rs.next() && r < n) {
                for (int c = 0; c < k; c++) {
                    if (dictionaries[c] != null) {
                        int code = rs.getInt(c + 1);
                        strings[c][r] = rs.wasNull() ? null : dictionaries[c][code];
                    } else if (kinds[c] == Column.Kind.STRING) {
                        strings[c][r] = rs.getString(c + 1);
                    } else {
                        double d = kinds[c] == Column.Kind.BOOLEAN ? (rs.getBoolean(c + 1) ? 1 : 0) : rs.getDouble(c + 1);
                        nulls[c][r] = rs.wasNull();
                        numbers[c][r] = d;
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

    /** The distinct values of a column (null included) numbered in value order: {@code dict_<c>} in SQL. */
    private String dictionarySql(String[] col, int c) {
        return "dict_" + c + " AS (SELECT dict_value, CAST(row_number() OVER (ORDER BY dict_value NULLS LAST) - 1 AS INTEGER) "
                + "AS dict_code FROM (SELECT DISTINCT " + expression(col[0], col[1]) + " AS dict_value FROM " + SCORE + ") v)";
    }

    private String[] readDictionary(Connection conn, String[] col, int c) throws SQLException {
        List<String> values = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("WITH " + dictionarySql(col, c) + " SELECT dict_value FROM dict_" + c
                     + " ORDER BY dict_code")) {
            while (rs.next()) {
                values.add(rs.getString(1));
            }
        }
        return values.toArray(String[]::new);
    }

    /** The account columns in id order; a column with a dictionary as its code, joined on its value. */
    private String accountsQuery(List<String[]> cols, String[][] dictionaries) {
        StringBuilder with = new StringBuilder();
        StringBuilder select = new StringBuilder();
        StringBuilder joins = new StringBuilder();
        for (int c = 0; c < cols.size(); c++) {
            String[] col = cols.get(c);
            select.append(c == 0 ? "" : ", ");
            if (dictionaries[c] == null) {
                select.append(expression(col[0], col[1]));
                continue;
            }
            with.append(with.isEmpty() ? "WITH " : ", ").append(dictionarySql(col, c));
            select.append("dict_").append(c).append(".dict_code");
            joins.append(" LEFT JOIN dict_").append(c).append(" ON ").append(expression(col[0], col[1]))
                    .append(" IS NOT DISTINCT FROM dict_").append(c).append(".dict_value");
        }
        return with + " SELECT " + select + " FROM " + SCORE + joins + " ORDER BY " + dialect.quote(Columns.ACCOUNT_ID);
    }

    private Snapshot.RunInfo readRun(Connection conn, Map<String, List<String[]>> schema, Accounts accounts)
            throws SQLException {
        String runId = firstValue(accounts, Columns.RUN_ID);
        String asOf = firstValue(accounts, Columns.AS_OF_DATE);
        Instant finished = null;
        if (schema.containsKey(RUNS)) {
            String runCol = dialect.quote(Columns.RUN_ID);
            String finishedAt = dialect.quote(Columns.FINISHED_AT);
            try (Statement st = conn.createStatement();
                 ResultSet rs = st.executeQuery("SELECT " + runCol + ", " + dialect.isoDate(dialect.quote(Columns.AS_OF_DATE))
                         + ", " + dialect.isoTimestamp(finishedAt) + " FROM " + RUNS + " WHERE " + dialect.quote(Columns.STATUS)
                         + " = '" + Columns.RUN_PUBLISHED + "' AND " + runCol + " = coalesce("
                         + (runId == null ? "NULL" : "'" + runId.replace("'", "''") + "'") + ", " + runCol + ") ORDER BY "
                         + finishedAt + " DESC NULLS LAST LIMIT 1")) {
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

    private static String firstValue(Accounts accounts, String column) {
        Column c = accounts.columns.get(column);
        return accounts.size > 0 && c != null ? c.string(0) : null;
    }

    private Snapshot.Insights readInsights(Connection conn, String idx, int n) throws SQLException {
        Snapshot.Insights ins = Snapshot.Insights.empty(n);
        Map<String, String> labels = new HashMap<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery(idx + "SELECT idx.r, i." + dialect.quote(Columns.RECOMMENDATION) + ", i."
                     + dialect.quote(Columns.TRANSCRIPT_SUMMARY) + ", i." + dialect.quote(Columns.PROVIDER) + ", i."
                     + dialect.quote(Columns.MODEL) + " FROM " + INSIGHTS + " i JOIN idx USING (" + dialect.quote(Columns.ACCOUNT_ID) + ")")) {
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

    private Snapshot.History readHistory(Connection conn, Map<String, List<String[]>> schema, String idx, int n)
            throws SQLException {
        String asOf = dialect.quote(Columns.AS_OF_DATE);
        String tier = dialect.quote(Columns.RISK_TIER);
        List<String> dates = new ArrayList<>();
        List<Map<String, Object>> tierCounts = new ArrayList<>();
        Map<String, Map<String, Object>> byDate = new LinkedHashMap<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + dialect.isoDate(asOf) + " d, " + tier + ", count(*) FROM " + HISTORY
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
        Set<String> historyColumns = new HashSet<>();
        schema.get(HISTORY).forEach(c -> historyColumns.add(c[0]));
        List<Signal> withPoints = Arrays.stream(Signal.values()).filter(s -> historyColumns.contains(s.pointsColumn())).toList();
        // per signal, as float: the points have 2 decimals and the history is accounts x dates x signals
        float[][] points = new float[Signal.values().length][];
        StringBuilder pointsSql = new StringBuilder();
        for (Signal signal : withPoints) {
            points[signal.ordinal()] = new float[n * nd];
            Arrays.fill(points[signal.ordinal()], Float.NaN);
            pointsSql.append(", h.").append(dialect.quote(signal.pointsColumn()));
        }
        // primitives only: row and date as indexes, tier as its ordinal (no per-row strings)
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery(idx + ", dates AS (SELECT " + asOf + ", CAST(row_number() OVER (ORDER BY " + asOf
                     + ") - 1 AS INTEGER) AS d FROM (SELECT DISTINCT " + asOf + " FROM " + HISTORY + ")) "
                     + "SELECT idx.r, dates.d, h." + dialect.quote(Columns.HEALTH_SCORE) + ", CAST(" + tierCode() + " AS INTEGER)"
                     + pointsSql + " "
                     + "FROM " + HISTORY + " h JOIN idx USING (" + dialect.quote(Columns.ACCOUNT_ID) + ") JOIN dates USING (" + asOf + ")")) {
            while (rs.next()) {
                int row = rs.getInt(1);
                int d = rs.getInt(2);
                if (row < 0 || row >= n || d < 0 || d >= nd) {
                    continue;
                }
                scores[row * nd + d] = rs.getDouble(3);
                tiers[row * nd + d] = (byte) rs.getInt(4);
                for (int k = 0; k < withPoints.size(); k++) {
                    double p = rs.getDouble(5 + k);
                    points[withPoints.get(k).ordinal()][row * nd + d] = rs.wasNull() ? Float.NaN : (float) p;
                }
            }
        }
        return new Snapshot.History(dates.toArray(String[]::new), scores, tiers, points, List.copyOf(tierCounts));
    }

    /** The columns of ACCOUNT_SCORE_CHANGES the movers are read from, in the order {@link #readMovers} reads them. */
    private static List<String> moverColumns() {
        List<String> names = new ArrayList<>(List.of(Columns.ACCOUNT_ID, Columns.WINDOW_DAYS, Columns.AS_OF_DATE,
                Columns.AS_OF_DATE_BEFORE, Columns.HEALTH_SCORE, Columns.HEALTH_SCORE_BEFORE, Columns.SCORE_CHANGE,
                Columns.RISK_TIER, Columns.RISK_TIER_BEFORE, Columns.NEGATIVE_INTERACTION_COUNT, Columns.TOP_COMPLAINT_CATEGORY));
        for (Signal signal : Signal.values()) {
            names.addAll(signal.changeColumns());
        }
        return names;
    }

    /**
     * The biggest drops and the biggest rises of each window ({@code moversKept} of each, no more than a request may
     * ask for); rows with nothing to compare with are not movers. A warehouse published before the table existed
     * has none.
     */
    private Snapshot.Movers readMovers(Connection conn, Map<String, List<String[]>> schema) throws SQLException {
        if (!schema.containsKey(CHANGES)) {
            return Snapshot.Movers.unpublished("no " + CHANGES + " table in this warehouse: it was published before "
                    + "score changes were; the next pipeline run publishes them");
        }
        Map<String, String> types = new HashMap<>();
        schema.get(CHANGES).forEach(c -> types.put(c[0], c[1]));
        List<String> names = moverColumns();
        for (String name : names) {
            if (!types.containsKey(name)) {
                return Snapshot.Movers.unpublished(CHANGES + " lacks column " + name + "; the next pipeline run republishes it");
            }
        }
        StringBuilder select = new StringBuilder();
        for (String name : names) {
            select.append(select.isEmpty() ? "" : ", ").append(expression(name, types.get(name)));
        }
        String change = dialect.quote(Columns.SCORE_CHANGE);
        String window = dialect.quote(Columns.WINDOW_DAYS);
        String id = dialect.quote(Columns.ACCOUNT_ID);
        // ranks computed on the key alone, the kept rows joined back: the window sorts carry two columns, not all
        String ranked = "SELECT " + id + ", " + window + ", row_number() OVER (PARTITION BY " + window + " ORDER BY " + change + ", " + id + ") AS drop_rank, "
                + "row_number() OVER (PARTITION BY " + window + " ORDER BY " + change + " DESC, " + id + ") AS rise_rank FROM "
                + CHANGES + " WHERE " + change + " IS NOT NULL";
        Map<Integer, List<Snapshot.Mover>> drops = new LinkedHashMap<>();
        Map<Integer, List<Snapshot.Mover>> rises = new LinkedHashMap<>();
        int signals = Signal.values().length;
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + select + ", drop_rank, rise_rank FROM (" + ranked + ") ranked JOIN " + CHANGES
                     + " USING (" + id + ", " + window + ") WHERE drop_rank <= " + moversKept + " OR rise_rank <= " + moversKept
                     + " ORDER BY " + window + ", drop_rank")) {
            int dropRank = 12 + 3 * signals;
            while (rs.next()) {
                double[] delta = new double[signals];
                Double[] value = new Double[signals];
                Double[] before = new Double[signals];
                for (int s = 0; s < signals; s++) {
                    delta[s] = rs.getDouble(12 + 3 * s);
                    value[s] = nullableDouble(rs, 13 + 3 * s);
                    before[s] = nullableDouble(rs, 14 + 3 * s);
                }
                long negative = rs.getLong(10);
                Long negativeCount = rs.wasNull() ? null : negative;
                Snapshot.Mover mover = new Snapshot.Mover(rs.getString(1), rs.getInt(2), rs.getString(3), rs.getString(4),
                        rs.getDouble(5), nullableDouble(rs, 6), rs.getDouble(7), rs.getString(8), rs.getString(9),
                        negativeCount, rs.getString(11), delta, value, before);
                // every window with a comparable row is listed, even when nothing moved one way
                List<Snapshot.Mover> down = drops.computeIfAbsent(mover.windowDays(), k -> new ArrayList<>());
                List<Snapshot.Mover> up = rises.computeIfAbsent(mover.windowDays(), k -> new ArrayList<>());
                if (rs.getLong(dropRank) <= moversKept && mover.change() < 0) {
                    down.add(mover);
                }
                if (rs.getLong(dropRank + 1) <= moversKept && mover.change() > 0) {
                    up.add(mover);
                }
            }
        }
        // the rises came most negative first; their own order is biggest first (ties by account, as the drops)
        rises.values().forEach(list -> list.sort(Comparator.comparingDouble(Snapshot.Mover::change).reversed()
                .thenComparing(Snapshot.Mover::accountId)));
        return new Snapshot.Movers(true, null, drops, rises);
    }

    private static Double nullableDouble(ResultSet rs, int column) throws SQLException {
        double d = rs.getDouble(column);
        return rs.wasNull() ? null : d;
    }

    /** The rows of the latest backtest, each under the catalog's column names; empty when none has run. */
    private Snapshot.Backtest readBacktest(Connection conn, Map<String, List<String[]>> schema) throws SQLException {
        if (!schema.containsKey(BACKTEST)) {
            return new Snapshot.Backtest(List.of());
        }
        List<String[]> cols = schema.get(BACKTEST);
        String id = dialect.quote(Columns.BACKTEST_ID);
        List<Map<String, Object>> rows = new ArrayList<>();
        try (Statement st = conn.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + selectList(cols, null) + " FROM " + BACKTEST + " WHERE " + id
                     + " = (SELECT " + id + " FROM " + BACKTEST + " ORDER BY " + dialect.quote(Columns.COMPUTED_AT)
                     + " DESC LIMIT 1)")) {
            while (rs.next()) {
                Map<String, Object> row = new LinkedHashMap<>();
                for (int c = 0; c < cols.size(); c++) {
                    Object v = switch (kind(cols.get(c)[1])) {
                        case STRING -> rs.getString(c + 1);
                        case BOOLEAN -> rs.getBoolean(c + 1);
                        case INTEGER -> rs.getLong(c + 1);
                        case DECIMAL -> rs.getDouble(c + 1);
                    };
                    row.put(cols.get(c)[0], rs.wasNull() ? null : v);
                }
                rows.add(row);
            }
        }
        return new Snapshot.Backtest(List.copyOf(rows));
    }

    /** SQL for a history row's tier code: its index in {@link Snapshot#TIERS}, -1 when unknown. */
    private String tierCode() {
        StringBuilder sql = new StringBuilder("CASE h.").append(dialect.quote(Columns.RISK_TIER));
        for (int code = 0; code < Snapshot.TIERS.size(); code++) {
            sql.append(" WHEN '").append(Snapshot.TIERS.get(code)).append("' THEN ").append(code);
        }
        return sql.append(" ELSE -1 END").toString();
    }
}
