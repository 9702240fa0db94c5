package com.vantagepoint.pipeline.storage;

import com.vantagepoint.scoring.cli.CliErrors;
import com.vantagepoint.scoring.config.VantageConfig;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.StandardCopyOption;

/**
 * {@code --conf} as a local path or a Hadoop URI ({@code s3a://bucket/conf/emr.conf}, {@code s3://} on EMR), so a
 * scheduled job reads its configuration from where its jar lives. A remote file is copied to a local temporary
 * file first (Typesafe Config reads files); it is fetched with the default s3a settings and environment, since
 * the file itself is what could change them.
 */
public final class ConfFiles {
    private ConfFiles() {
    }

    /** The local file to read: {@code conf} itself, or a copy of the remote one; null when none was given. */
    public static java.nio.file.Path local(String conf) {
        if (conf == null) {
            return null;
        }
        if (conf.isBlank()) {
            throw new CliErrors.UsageError("--conf is empty: name a HOCON file");
        }
        Path given = new Path(conf); // Hadoop's parser: spaces and other characters need no escaping
        String scheme = given.toUri().getScheme();
        if (scheme == null) {
            return java.nio.file.Path.of(conf);
        }
        if (scheme.equals("file")) {
            return java.nio.file.Path.of(URI.create(conf)); // a URI, so its escapes (%20) are decoded
        }
        try {
            FileSystem fs = given.getFileSystem(S3aSettings.hadoopConfiguration(VantageConfig.defaults()));
            java.nio.file.Path copy = Files.createTempFile("vantagepoint-conf", ".conf");
            copy.toFile().deleteOnExit();
            try (InputStream in = fs.open(given)) {
                Files.copy(in, copy, StandardCopyOption.REPLACE_EXISTING);
            }
            return copy;
        } catch (IOException | RuntimeException e) {
            throw StorageErrors.failure("--conf " + conf, e);
        }
    }
}
