package com.vantagepoint.scoring.snowflake;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.config.Settings;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;

/**
 * How to reach the Snowflake account of {@code vantagepoint.snowflake}: one definition shared by the publisher in
 * the pipeline and the reader in the API. Needs {@code snowflake-jdbc} on the classpath only to {@link #open()}.
 *
 * @param url        JDBC URL naming account, database and schema
 * @param properties connection properties (user, password or private key, role, warehouse); never printed
 * @param database   the database of the marts
 * @param schema     the schema of the marts
 */
public record SnowflakeConnection(String url, Properties properties, String database, String schema) {
    /** The value of {@code vantagepoint.warehouse} (or {@code --warehouse}) that selects Snowflake. */
    public static final String WAREHOUSE_NAME = "snowflake";

    /**
     * From the resolved {@code vantagepoint} configuration's {@code snowflake} block; the login may also come from
     * {@code $VANTAGEPOINT_HOME/secrets/snowflake.json} or AWS Secrets Manager ({@link LoginSources}).
     */
    public static SnowflakeConnection fromConfig(Config vantagepoint) {
        return fromConfig(vantagepoint, SecretsManagerReader.fromConfig(vantagepoint.getConfig("snowflake")));
    }

    /** As {@link #fromConfig(Config)}, asking the given Secrets Manager when the secret is needed. */
    public static SnowflakeConnection fromConfig(Config vantagepoint, SecretsManagerReader secretsManager) {
        Config sf = vantagepoint.getConfig("snowflake");
        SnowflakeLogin login = LoginSources.resolve(vantagepoint, secretsManager);
        String account = login.account();
        String host = sf.getString("host").isBlank() ? account + ".snowflakecomputing.com" : sf.getString("host");
        String protocol = sf.getString("protocol");
        String database = required(sf, "database");
        String schema = required(sf, "schema");
        String url = "jdbc:snowflake://" + host + ":" + sf.getInt("port") + "/?account=" + account
                + "&db=" + database + "&schema=" + schema
                + (protocol.equalsIgnoreCase("http") ? "&ssl=off" : "");
        Properties p = new Properties();
        login.putInto(p);
        putIfSet(p, "role", sf.getString("role"));
        putIfSet(p, "warehouse", sf.getString("warehouse"));
        // Dates and timestamps are UTC throughout the pipeline; TIMESTAMP_NTZ values are UTC wall-clock times.
        p.setProperty("TIMEZONE", "UTC");
        p.setProperty("JDBC_TREAT_TIMESTAMP_NTZ_AS_UTC", "true");
        p.setProperty("maxHttpRetries", Integer.toString(Settings.atLeast(vantagepoint, "snowflake.max-http-retries", 0)));
        return new SnowflakeConnection(url, p, database, schema);
    }

    /** {@code database.schema}, for messages. */
    public String location() {
        return database + "." + schema;
    }

    public Connection open() throws SQLException {
        return DriverManager.getConnection(url, properties);
    }

    /** Without the properties: they hold the password or key passphrase. */
    @Override
    public String toString() {
        return "Snowflake " + location() + " (" + url + ")";
    }

    private static String required(Config sf, String key) {
        String v = sf.getString(key);
        if (v.isBlank()) {
            throw new IllegalArgumentException("vantagepoint.snowflake." + key + " is not set (see README, \"Publishing to Snowflake\")");
        }
        return v;
    }

    private static void putIfSet(Properties p, String key, String value) {
        if (!value.isBlank()) {
            p.setProperty(key, value);
        }
    }
}
