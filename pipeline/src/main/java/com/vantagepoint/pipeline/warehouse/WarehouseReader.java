package com.vantagepoint.pipeline.warehouse;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Optional;
import java.util.Properties;

/**
 * Read-only access to the run database the warehouse's {@code current} pointer names. The connection is opened
 * with {@code duckdb.read_only=true}, so a write fails; a newly published run is seen by opening a new reader
 * (the old run file stays readable for readers that still hold it).
 */
public final class WarehouseReader implements AutoCloseable {
    static final String CURRENT = "current";

    private final Path database;
    private final Connection connection;

    private WarehouseReader(Path database, Connection connection) {
        this.database = database;
        this.connection = connection;
    }

    /** Thrown when the warehouse has no published run yet. */
    public static final class NoPublishedRunException extends IllegalStateException {
        public NoPublishedRunException(Path warehouse) {
            super("no published run in " + warehouse + "; run `vantagepoint run` first");
        }
    }

    /**
     * The database file the {@code current} pointer names, or empty when nothing was published yet.
     *
     * @throws IllegalStateException when the pointer names a file that does not exist
     */
    public static Optional<Path> currentDatabase(Path warehouse) {
        String relative;
        try {
            relative = Files.readString(warehouse.resolve(CURRENT), StandardCharsets.UTF_8).trim();
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + warehouse.resolve(CURRENT), e);
        }
        if (relative.isEmpty()) {
            return Optional.empty();
        }
        Path db = warehouse.resolve(relative).normalize();
        if (!Files.isRegularFile(db)) {
            throw new IllegalStateException("warehouse pointer " + warehouse.resolve(CURRENT) + " names a missing database " + db);
        }
        return Optional.of(db);
    }

    /** Opens the current run database read-only. */
    public static WarehouseReader open(Path warehouse) {
        return open(warehouse, false);
    }

    /**
     * Opens the current run database read-only.
     *
     * @param sandboxed also forbid file access (ATTACH, COPY TO, read_csv...) and configuration changes: for
     *                  running queries typed by a user
     * @throws NoPublishedRunException when nothing has been published to the warehouse yet
     */
    public static WarehouseReader open(Path warehouse, boolean sandboxed) {
        Path db = currentDatabase(warehouse).orElseThrow(() -> new NoPublishedRunException(warehouse));
        try {
            return new WarehouseReader(db, connect(db, sandboxed));
        } catch (SQLException e) {
            throw new IllegalStateException("cannot open " + db + ": " + firstLine(e), e);
        }
    }

    /** A read-only DuckDB connection to one run database, in UTC. */
    static Connection connect(Path db, boolean sandboxed) throws SQLException {
        Properties props = new Properties();
        props.setProperty("duckdb.read_only", "true");
        if (sandboxed) {
            props.setProperty("enable_external_access", "false");
        }
        Connection c = DriverManager.getConnection("jdbc:duckdb:" + db.toAbsolutePath(), props);
        try (Statement s = c.createStatement()) {
            s.execute("SET TimeZone = 'UTC'");
            if (sandboxed) {
                s.execute("SET lock_configuration = true");
            }
        } catch (SQLException e) {
            c.close();
            throw e;
        }
        return c;
    }

    public Path database() {
        return database;
    }

    public Connection connection() {
        return connection;
    }

    /** Handles a query's result set. */
    @FunctionalInterface
    public interface ResultHandler<T> {
        T handle(ResultSet rs) throws SQLException;
    }

    /** Runs one query and hands its result set to the handler. */
    public <T> T query(String sql, ResultHandler<T> handler) throws SQLException {
        try (Statement s = connection.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            return handler.handle(rs);
        }
    }

    static String firstLine(Throwable e) {
        String m = e.getMessage();
        return m == null ? e.getClass().getSimpleName() : m.lines().findFirst().orElse("");
    }

    @Override
    public void close() {
        try {
            connection.close();
        } catch (SQLException e) {
            // closing a read-only connection loses nothing
        }
    }
}
