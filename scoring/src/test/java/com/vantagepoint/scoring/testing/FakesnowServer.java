package com.vantagepoint.scoring.testing;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * fakesnow's server (a Snowflake-protocol front end over DuckDB, PyPI {@code fakesnow[server]}) as a subprocess on a
 * free loopback port, with one database and schema created. Tests that need it are skipped, saying why, when fakesnow
 * is not installed, except under {@code CI=true}, where that is an error.
 */
public final class FakesnowServer implements AutoCloseable {
    public static final String ACCOUNT = "fakesnow";
    public static final String USER = "vantagepoint";
    /** fakesnow accepts any password; tests that look for leaks use a distinctive one of their own. */
    public static final String PASSWORD = "unused-by-fakesnow";
    /**
     * What {@code fakesnow -s -p PORT} runs, with one fix: its PUT answer (a GCS-style stage) lacks the endPoint and
     * region fields snowflake-jdbc 3.28 reads, so they are added as null, as Snowflake sends them for GCS.
     */
    private static final String PUT_SHIM = String.join("\n",
            "import sys, uvicorn, fakesnow.server as s",
            "f = s.gcs_stage_info",
            "s.gcs_stage_info = lambda *a: {**f(*a), 'endPoint': None, 'region': None}",
            "uvicorn.run(s.app, host='127.0.0.1', port=int(sys.argv[1]), log_level='info')");

    private final Process process;
    private final int port;
    private final String database;
    private final String schema;
    private final Path log;

    private FakesnowServer(Process process, int port, String database, String schema, Path log) {
        this.process = process;
        this.port = port;
        this.database = database;
        this.schema = schema;
        this.log = log;
    }

    /** Starts the server and creates {@code database.schema}; skips the calling test when fakesnow is missing. */
    public static FakesnowServer start(String database, String schema) throws Exception {
        Optional<String> binary = LoopbackProcesses.executable("VANTAGEPOINT_FAKESNOW", "fakesnow");
        if (binary.isEmpty()) {
            String reason = "fakesnow not found (set VANTAGEPOINT_FAKESNOW or install 'fakesnow[server]' into /tmp/vp-venv)";
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(reason);
            }
            assumeTrue(false, reason);
        }
        int port = LoopbackProcesses.freePort();
        Path log = Files.createTempFile("fakesnow-", ".log");
        Process p = new ProcessBuilder(python(binary.get()), "-c", PUT_SHIM, String.valueOf(port))
                .redirectErrorStream(true).redirectOutput(log.toFile()).start();
        FakesnowServer server = new FakesnowServer(p, port, database, schema, log);
        LoopbackProcesses.awaitPort(server.process, server.port, server.log, "fakesnow");
        try (Connection c = server.connectWithoutDatabase(); Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE IF NOT EXISTS " + database);
            s.execute("CREATE SCHEMA IF NOT EXISTS " + database + "." + schema);
        }
        return server;
    }

    public int port() {
        return port;
    }

    /** The {@code vantagepoint.*} settings a user gives for Snowflake, pointed at this server. */
    public Map<String, Object> settings() {
        Map<String, Object> s = new HashMap<>();
        s.put("warehouse", "snowflake");
        s.put("snowflake.account", ACCOUNT);
        s.put("snowflake.user", USER);
        s.put("snowflake.password", PASSWORD);
        s.put("snowflake.database", database);
        s.put("snowflake.schema", schema);
        s.put("snowflake.host", "127.0.0.1");
        s.put("snowflake.port", port);
        s.put("snowflake.protocol", "http");
        // fakesnow 0.12 keeps no column comments and fails on a comment containing a quote
        s.put("snowflake.comments", false);
        // fakesnow answers a statement it cannot run with HTTP 500, which the driver would retry for a minute and more
        s.put("snowflake.max-http-retries", 1);
        return s;
    }

    /** The same settings as the environment variables of the Snowflake CLI, for a subprocess. */
    public Map<String, String> environment() {
        return Map.of("SNOWFLAKE_ACCOUNT", ACCOUNT, "SNOWFLAKE_USER", USER, "SNOWFLAKE_PASSWORD", PASSWORD,
                "SNOWFLAKE_DATABASE", database, "SNOWFLAKE_SCHEMA", schema, "SNOWFLAKE_HOST", "127.0.0.1",
                "SNOWFLAKE_PORT", Integer.toString(port), "SNOWFLAKE_PROTOCOL", "http");
    }

    /** A JDBC connection to the marts' database and schema, for a test to look at what was published. */
    public Connection connect() throws SQLException {
        return DriverManager.getConnection(url("&db=" + database + "&schema=" + schema), credentials());
    }

    private Connection connectWithoutDatabase() throws SQLException {
        return DriverManager.getConnection(url(""), credentials());
    }

    private String url(String suffix) {
        return "jdbc:snowflake://127.0.0.1:" + port + "/?ssl=off&account=" + ACCOUNT + suffix;
    }

    private static Properties credentials() {
        Properties p = new Properties();
        p.setProperty("user", USER);
        p.setProperty("password", PASSWORD);
        return p;
    }

    @Override
    public void close() {
        process.destroy();
    }

    /** The interpreter fakesnow is installed in: the venv's python beside the script, else python3. */
    private static String python(String fakesnow) {
        Path beside = Path.of(fakesnow).toAbsolutePath().resolveSibling("python");
        return Files.isExecutable(beside) ? beside.toString() : "python3";
    }
}
