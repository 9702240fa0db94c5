package com.vantagepoint.api.mart;

import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.snowflake.SnowflakeConnection;

import java.io.IOException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;

/**
 * Reads the marts a pipeline published to Snowflake. The version is the latest published run in
 * {@code PIPELINE_RUNS}, whose row the publisher inserts in the same transaction that changes the marts; a snapshot
 * is read with one query per table, so {@link SnapshotHolder} re-checks the version after a load and drops a load
 * that a publish overlapped. Polls and transcript reads borrow idle sessions (a Snowflake session must not be
 * shared between threads, and a login per request would be slow).
 */
public final class SnowflakeMartReader implements MartReader {
    private static final int IDLE_SESSIONS = 4;

    private final SnowflakeConnection snowflake;
    private final SqlDialect dialect = new Dialect();
    private final Sessions sessions = new Sessions();
    private final int moversKept;

    /** @param moversKept the most movers a request may ask for: the biggest drops and rises kept per window */
    public SnowflakeMartReader(SnowflakeConnection snowflake, int moversKept) {
        this.snowflake = snowflake;
        this.moversKept = moversKept;
    }

    @Override
    public String describe() {
        return "Snowflake " + snowflake.location();
    }

    @Override
    public String currentVersion() throws IOException {
        try {
            return sessions.withConnection(this::latestPublishedRun);
        } catch (SQLException e) {
            throw failure("cannot read the latest published run", e);
        }
    }

    @Override
    public Snapshot load(String version) throws IOException {
        try (Connection conn = snowflake.open()) {
            return new MartLoader(dialect, moversKept).load(version, conn, sessions);
        } catch (Exception e) {
            throw failure("cannot load run " + version, e);
        }
    }

    private IOException failure(String what, Exception e) {
        return new IOException(what + " from " + describe() + ": " + firstLine(e), e);
    }

    private static String firstLine(Throwable e) {
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("");
    }

    /** The run id of the latest publish; null while nothing has been published (no PIPELINE_RUNS yet). */
    private String latestPublishedRun(Connection c) throws SQLException {
        String run = dialect.quote(Columns.RUN_ID);
        String finished = dialect.quote(Columns.FINISHED_AT);
        try (Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT " + run + " FROM " + MartLoader.RUNS + " WHERE " + dialect.quote(Columns.STATUS)
                     + " = '" + Columns.RUN_PUBLISHED + "' ORDER BY " + finished + " DESC NULLS LAST, " + run + " DESC LIMIT 1")) {
            return rs.next() ? rs.getString(1) : null;
        } catch (SQLException e) {
            if (publishedColumns(c, MartLoader.RUNS).isEmpty()) {
                return null;
            }
            throw e;
        }
    }

    /** The upper-case column names of a published table; empty when it does not exist. */
    private Set<String> publishedColumns(Connection c, String table) throws SQLException {
        Set<String> names = new HashSet<>();
        try (ResultSet rs = c.getMetaData().getColumns(snowflake.database(), snowflake.schema(), table, null)) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME").toUpperCase());
            }
        }
        return names;
    }

    private final class Dialect implements SqlDialect {
        /** The catalog's columns with the catalog's types (the publisher created them from it), those that exist. */
        @Override
        public Map<String, List<String[]>> columns(Connection conn) throws SQLException {
            Map<String, List<String[]>> out = new HashMap<>();
            for (String table : MartLoader.TABLES) {
                Set<String> existing = publishedColumns(conn, table);
                if (!existing.isEmpty()) {
                    out.put(table, MartCatalog.table(table).columns().stream()
                            .filter(col -> existing.contains(col.name().toUpperCase()))
                            .map(col -> new String[]{col.name(), col.sqlType()}).toList());
                }
            }
            return out;
        }

        /** Quoted upper case, the name the publisher created: safe for reserved words such as TIMESTAMP. */
        @Override
        public String quote(String column) {
            return '"' + column.toUpperCase().replace("\"", "\"\"") + '"';
        }

        /**
         * From its parts: the one-call form {@code TO_VARCHAR(ts, 'YYYY-MM-DD"T"HH24:MI:SS"Z"')} is right on
         * Snowflake, but fakesnow ignores the format argument. TIMESTAMP_NTZ values are UTC wall-clock times.
         */
        @Override
        public String isoTimestamp(String e) {
            return isoDate("TO_DATE(" + e + ")") + " || 'T' || " + twoDigits("HOUR(" + e + ")") + " || ':' || "
                    + twoDigits("MINUTE(" + e + ")") + " || ':' || " + twoDigits("SECOND(" + e + ")") + " || 'Z'";
        }

        private static String twoDigits(String number) {
            return "LPAD(TO_VARCHAR(" + number + "), 2, '0')";
        }

        /** An explicit format, so a session's DATE_OUTPUT_FORMAT cannot change it. */
        @Override
        public String isoDate(String e) {
            return "TO_VARCHAR(" + e + ", 'YYYY-MM-DD')";
        }

        @Override
        public Connection parallel(Connection primary) throws SQLException {
            return snowflake.open();
        }
    }

    /** Idle sessions kept between polls and requests; a session that failed a read is closed, not kept. */
    private final class Sessions implements JdbcTranscripts.Connections {
        private final BlockingQueue<Connection> idle = new ArrayBlockingQueue<>(IDLE_SESSIONS);

        @Override
        public <T> T withConnection(JdbcTranscripts.SqlFunction<T> work) throws SQLException {
            Connection kept = idle.poll();
            if (kept != null) {
                try {
                    return use(kept, work);
                } catch (SQLException expiredOrBroken) {
                    // an idle session may have expired: one more try on a fresh one
                }
            }
            return use(snowflake.open(), work);
        }

        private <T> T use(Connection c, JdbcTranscripts.SqlFunction<T> work) throws SQLException {
            boolean healthy = false;
            try {
                T out = work.apply(c);
                healthy = true;
                return out;
            } finally {
                if (!healthy || !idle.offer(c)) {
                    closeQuietly(c);
                }
            }
        }

        /** The sessions outlive every snapshot: nothing to release when one is retired. */
        @Override
        public void close() {
        }
    }

    private static void closeQuietly(Connection c) {
        try {
            c.close();
        } catch (SQLException ignored) {
            // the session is abandoned either way
        }
    }
}
