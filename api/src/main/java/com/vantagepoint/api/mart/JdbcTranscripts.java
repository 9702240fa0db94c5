package com.vantagepoint.api.mart;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Per-request transcript reads with one prepared query; how a request gets its connection is the reader's. */
final class JdbcTranscripts implements TranscriptSource {

    /** Runs one read on a connection the reader lends (a duplicate, or a shared session). */
    interface Connections {
        <T> T withConnection(SqlFunction<T> work) throws SQLException;

        /** Releases what the snapshot held for transcript reads. */
        void close();
    }

    @FunctionalInterface
    interface SqlFunction<T> {
        T apply(Connection c) throws SQLException;
    }

    private final String sql;
    private final Connections connections;

    /** @param sql the query with one parameter, the account id; null when the warehouse has no transcripts */
    JdbcTranscripts(String sql, Connections connections) {
        this.sql = sql;
        this.connections = connections;
    }

    @Override
    public List<Map<String, Object>> forAccount(String accountId) throws SQLException {
        if (sql == null) {
            return List.of();
        }
        return connections.withConnection(c -> {
            try (PreparedStatement ps = c.prepareStatement(sql)) {
                ps.setString(1, accountId);
                try (ResultSet rs = ps.executeQuery()) {
                    return rows(rs);
                }
            }
        });
    }

    private static List<Map<String, Object>> rows(ResultSet rs) throws SQLException {
        ResultSetMetaData meta = rs.getMetaData();
        int k = meta.getColumnCount();
        List<Map<String, Object>> out = new ArrayList<>();
        while (rs.next()) {
            Map<String, Object> row = new LinkedHashMap<>();
            for (int i = 1; i <= k; i++) {
                row.put(meta.getColumnLabel(i), plain(rs.getObject(i)));
            }
            out.add(row);
        }
        return out;
    }

    /** Snowflake hands integers out as scale-0 decimals: those become longs, other decimals doubles, as in DuckDB. */
    private static Object plain(Object v) {
        if (v instanceof BigDecimal bd) {
            return bd.scale() <= 0 ? (Object) bd.longValueExact() : (Object) bd.doubleValue();
        }
        return v;
    }

    @Override
    public void close() {
        connections.close();
    }
}
