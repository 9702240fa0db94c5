package com.vantagepoint.scoring.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/** The analyzer's tab-separated data files beside its classes: lexicons, taxonomy, learned weights. */
final class AnalyzerResources {
    private AnalyzerResources() {
    }

    /**
     * Hands each line's tab-separated fields to {@code handler}, skipping blank lines and comments ("# ..." or "#");
     * a missing or unreadable file fails at once, so a broken build fails at start-up, not mid-run.
     */
    static void readLines(String resource, Consumer<String[]> handler) {
        try (InputStream in = AnalyzerResources.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing analyzer resource " + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank() || line.startsWith("# ") || line.equals("#")) {
                    continue;
                }
                handler.accept(line.split("\t"));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read analyzer resource " + resource, e);
        }
    }
}
