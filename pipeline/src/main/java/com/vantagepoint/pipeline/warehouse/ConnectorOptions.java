package com.vantagepoint.pipeline.warehouse;

import com.vantagepoint.scoring.snowflake.SnowflakeConnection;
import org.apache.spark.sql.SparkSession;

import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * The options of the Spark Snowflake connector ({@value #FORMAT}) for the account of a {@link SnowflakeConnection}.
 * Besides the connection they fix how a write behaves: columns are matched by name and a mismatch is an error, an
 * unquoted (lower-case) Spark column name means the upper-case Snowflake column, the target table is appended to
 * and never truncated or replaced, a bad row fails the load instead of being skipped, and the session is in UTC.
 * {@link #toString()} is the redacted form for messages and logs.
 */
public record ConnectorOptions(Map<String, String> options) {
    /** The connector's data source name. */
    public static final String FORMAT = "net.snowflake.spark.snowflake";
    static final String PASSWORD = "sfPassword";
    static final String PRIVATE_KEY = "pem_private_key";
    private static final Set<String> SECRETS = Set.of(PASSWORD, PRIVATE_KEY);
    private static final String REDACTED = "***";
    private static final String REDACTION_KEY = "spark.sql.redaction.options.regex";

    public ConnectorOptions {
        options = Collections.unmodifiableMap(new LinkedHashMap<>(options));
    }

    public static ConnectorOptions of(SnowflakeConnection connection) {
        URI endpoint = URI.create(connection.url().substring("jdbc:".length()));
        Map<String, String> query = query(endpoint);
        Properties p = connection.properties();
        Map<String, String> o = new LinkedHashMap<>();
        o.put("sfURL", endpoint.getHost() + ":" + endpoint.getPort());
        o.put("sfAccount", query.get("account"));
        o.put("sfSSL", "off".equals(query.get("ssl")) ? "off" : "on");
        o.put("sfUser", p.getProperty("user"));
        if (p.containsKey("private_key_file")) {
            o.put(PRIVATE_KEY, PemKeys.pkcs8Base64(p.getProperty("private_key_file"), p.getProperty("private_key_file_pwd")));
        } else {
            o.put(PASSWORD, p.getProperty("password"));
        }
        o.put("sfDatabase", connection.database());
        o.put("sfSchema", connection.schema());
        putIfSet(o, "sfRole", p.getProperty("role"));
        putIfSet(o, "sfWarehouse", p.getProperty("warehouse"));
        o.put("sfTimezone", "UTC");
        o.put("column_mapping", "name");
        o.put("column_mismatch_behavior", "error");
        o.put("keep_column_case", "off");
        o.put("truncate_table", "off");
        o.put("usestagingtable", "off");
        o.put("continue_on_error", "off");
        return new ConnectorOptions(o);
    }

    /** The options of a write into (an append to) {@code table} of the configured database and schema. */
    public Map<String, String> forTable(String table) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put("dbtable", table);
        return o;
    }

    /** The options of a read of {@code query}'s rows. */
    public Map<String, String> forQuery(String query) {
        Map<String, String> o = new LinkedHashMap<>(options);
        o.put("query", query);
        return o;
    }

    /** The options with the password and private key replaced by {@value #REDACTED}. */
    @Override
    public String toString() {
        return options.entrySet().stream()
                .map(e -> e.getKey() + "=" + (SECRETS.contains(e.getKey()) ? REDACTED : e.getValue()))
                .collect(Collectors.joining(", ", "ConnectorOptions{", "}"));
    }

    /**
     * Adds the key-pair secrets' option names to what Spark redacts from plans, the UI and event logs: it redacts
     * names with "password" already, not {@code pem_private_key} or snowflake-jdbc's {@code private_key_file_pwd}.
     */
    public static void redactInPlans(SparkSession spark) {
        String current = spark.conf().get(REDACTION_KEY, "(?i)url");
        if (!current.contains(PRIVATE_KEY)) {
            spark.conf().set(REDACTION_KEY, current + "|" + PRIVATE_KEY + "|private_key_file_pwd");
        }
    }

    /** The parameters of the connection's own URL, {@code jdbc:snowflake://host:port/?account=...&db=...}. */
    private static Map<String, String> query(URI endpoint) {
        Map<String, String> params = new LinkedHashMap<>();
        String raw = endpoint.getRawQuery();
        if (raw != null) {
            for (String pair : raw.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    params.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return params;
    }

    private static void putIfSet(Map<String, String> o, String key, String value) {
        if (value != null && !value.isBlank()) {
            o.put(key, value);
        }
    }
}
