package com.vantagepoint.pipeline.storage;

import com.typesafe.config.Config;
import org.apache.hadoop.conf.Configuration;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code fs.s3a.*} Hadoop settings derived from {@code vantagepoint.s3} (which reads the standard AWS_*
 * variables). Credentials are set only when given: otherwise s3a's default provider chain applies (instance or
 * task role on EMR and Glue). Retries and timeouts are short so that a wrong endpoint fails in seconds.
 */
public final class S3aSettings {
    private static final String PREFIX = "fs.s3a.";

    private S3aSettings() {
    }

    /** The settings as Hadoop keys ({@code fs.s3a.*}); never logged, as they may hold secrets. */
    public static Map<String, String> from(Config vantagepoint) {
        Config s3 = vantagepoint.getConfig("s3");
        Map<String, String> keys = new LinkedHashMap<>();
        String endpoint = s3.getString("endpoint");
        if (!endpoint.isBlank()) {
            keys.put(PREFIX + "endpoint", endpoint);
            // s3a reads the scheme only to choose TLS; an http:// endpoint (a local S3 service) means TLS off.
            keys.put(PREFIX + "connection.ssl.enabled", Boolean.toString(!"http".equalsIgnoreCase(URI.create(endpoint).getScheme())));
        }
        keys.put(PREFIX + "path.style.access", Boolean.toString(pathStyle(s3.getString("path-style-access"), endpoint)));
        putIfSet(keys, "endpoint.region", s3.getString("region"));
        putIfSet(keys, "access.key", s3.getString("access-key-id"));
        putIfSet(keys, "secret.key", s3.getString("secret-access-key"));
        putIfSet(keys, "session.token", s3.getString("session-token"));
        putIfSet(keys, "aws.credentials.provider", s3.getString("credentials-provider"));
        keys.put(PREFIX + "attempts.maximum", Integer.toString(s3.getInt("attempts")));
        keys.put(PREFIX + "retry.limit", Integer.toString(s3.getInt("retries")));
        keys.put(PREFIX + "connection.establish.timeout", Long.toString(s3.getDuration("connect-timeout").toMillis()));
        keys.put(PREFIX + "connection.timeout", Long.toString(s3.getDuration("socket-timeout").toMillis()));
        // Fail at the first touch of a missing bucket, not later with an empty listing.
        keys.put(PREFIX + "bucket.probe", "2");
        // Deleting directory markers costs a request per parent folder on every write and buys nothing here.
        keys.put(PREFIX + "directory.marker.retention", "keep");
        return keys;
    }

    /** A Hadoop configuration with the settings applied, for code outside Spark (the generator). */
    public static Configuration hadoopConfiguration(Config vantagepoint) {
        Configuration conf = new Configuration();
        from(vantagepoint).forEach(conf::set);
        return conf;
    }

    /** {@code auto}: path-style with a custom endpoint (local S3 services have no per-bucket host names). */
    private static boolean pathStyle(String setting, String endpoint) {
        return setting.equalsIgnoreCase("auto") ? !endpoint.isBlank() : Boolean.parseBoolean(setting);
    }

    private static void putIfSet(Map<String, String> keys, String key, String value) {
        if (!value.isBlank()) {
            keys.put(PREFIX + key, value);
        }
    }
}
