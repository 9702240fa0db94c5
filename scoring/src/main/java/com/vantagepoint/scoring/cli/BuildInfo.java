package com.vantagepoint.scoring.cli;

import picocli.CommandLine;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** The version and commit the build wrote into {@code vantagepoint-build.properties}; {@code --version} prints them. */
public final class BuildInfo implements CommandLine.IVersionProvider {
    private static final Properties BUILD = load();

    public static String version() {
        return BUILD.getProperty("version", "unknown");
    }

    public static String commit() {
        return BUILD.getProperty("commit", "unknown");
    }

    @Override
    public String[] getVersion() {
        return new String[]{"vantagepoint " + version() + " (commit " + commit() + ")"};
    }

    private static Properties load() {
        Properties p = new Properties();
        try (InputStream in = BuildInfo.class.getResourceAsStream("/vantagepoint-build.properties")) {
            if (in != null) {
                p.load(in);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return p;
    }
}
