package com.vantagepoint.api.mart;

import org.duckdb.DuckDBConnection;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * Reads the local warehouse: {@code <warehouse>/current} names the run database, which is opened
 * read-only and loaded completely into a {@link Snapshot}. The connection stays open for per-request
 * transcript reads (on duplicates of it) until the snapshot is closed.
 */
public final class DuckDbMartReader implements MartReader {
    private static final SqlDialect DIALECT = new Dialect();

    private final Path warehouse;
    private final int moversKept;

    /** @param moversKept the most movers a request may ask for: the biggest drops and rises kept per window */
    public DuckDbMartReader(Path warehouse, int moversKept) {
        this.warehouse = warehouse;
        this.moversKept = moversKept;
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
            return new MartLoader(DIALECT, moversKept).load(version, conn, new Duplicates(conn));
        } catch (Exception e) {
            conn.close();
            throw e;
        }
    }

    private static Connection duplicate(Connection conn) throws SQLException {
        return conn.unwrap(DuckDBConnection.class).duplicate();
    }

    /** A run database is immutable: every read gets a duplicate of the snapshot's read-only connection. */
    private record Duplicates(Connection conn) implements JdbcTranscripts.Connections {
        @Override
        public <T> T withConnection(JdbcTranscripts.SqlFunction<T> work) throws SQLException {
            try (Connection c = duplicate(conn)) {
                return work.apply(c);
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

    private static final class Dialect implements SqlDialect {
        @Override
        public Map<String, List<String[]>> columns(Connection conn) throws SQLException {
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

        @Override
        public String quote(String column) {
            return '"' + column.replace("\"", "\"\"") + '"';
        }

        @Override
        public String isoTimestamp(String expression) {
            return "strftime(" + expression + ", '%Y-%m-%dT%H:%M:%SZ')";
        }

        @Override
        public String isoDate(String expression) {
            return "CAST(" + expression + " AS VARCHAR)";
        }

        @Override
        public Connection parallel(Connection primary) throws SQLException {
            return duplicate(primary);
        }
    }
}
