package com.vantagepoint.api;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;

/** Reads the current run of a warehouse directly (read-only), to compute what the API should answer. */
final class Marts {
    private Marts() {
    }

    static List<List<Object>> query(Path warehouse, String sql) throws Exception {
        Path db = warehouse.resolve(Files.readString(warehouse.resolve("current")).trim());
        Properties p = new Properties();
        p.setProperty("duckdb.read_only", "true");
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + db, p); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery(sql)) {
            List<List<Object>> out = new ArrayList<>();
            int k = rs.getMetaData().getColumnCount();
            while (rs.next()) {
                List<Object> row = new ArrayList<>();
                for (int i = 1; i <= k; i++) {
                    row.add(rs.getObject(i));
                }
                out.add(row);
            }
            return out;
        }
    }

    static long count(Path warehouse, String sql) throws Exception {
        return ((Number) query(warehouse, sql).get(0).get(0)).longValue();
    }

    static String string(Path warehouse, String sql) throws Exception {
        Object o = query(warehouse, sql).get(0).get(0);
        return o == null ? null : o.toString();
    }
}
