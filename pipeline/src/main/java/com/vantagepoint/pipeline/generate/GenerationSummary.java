package com.vantagepoint.pipeline.generate;

import java.nio.file.Path;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/** Rows written per source and bad records per source and reason. */
public final class GenerationSummary {
    public static final String ACCOUNTS = "accounts";
    public static final String OPPORTUNITIES = "opportunities";
    public static final String USAGE_LOGS = "usage_logs";
    public static final String TRANSCRIPTS = "transcripts";
    private static final String[] SOURCES = {ACCOUNTS, OPPORTUNITIES, USAGE_LOGS, TRANSCRIPTS};

    private final Path out;
    private final Map<String, Long> valid = new LinkedHashMap<>();
    private final Map<String, Map<BadReason, Long>> bad = new LinkedHashMap<>();
    long elapsedNanos;

    GenerationSummary(Path out) {
        this.out = out;
        for (String s : SOURCES) {
            valid.put(s, 0L);
            bad.put(s, new EnumMap<>(BadReason.class));
        }
    }

    void valid(String source) {
        valid.merge(source, 1L, Long::sum);
    }

    void bad(String source, BadReason reason) {
        bad.get(source).merge(reason, 1L, Long::sum);
    }

    void add(GenerationSummary other) {
        other.valid.forEach((k, v) -> valid.merge(k, v, Long::sum));
        other.bad.forEach((k, m) -> m.forEach((r, v) -> bad.get(k).merge(r, v, Long::sum)));
    }

    public Path out() {
        return out;
    }

    public long validRows(String source) {
        return valid.getOrDefault(source, 0L);
    }

    public Map<BadReason, Long> badRows(String source) {
        return Map.copyOf(bad.get(source));
    }

    public long badRowsTotal(String source) {
        return bad.get(source).values().stream().mapToLong(Long::longValue).sum();
    }

    public double elapsedSeconds() {
        return elapsedNanos / 1e9;
    }

    /** A few lines for the terminal. */
    public String render() {
        return render(out.toString());
    }

    /** As {@link #render()}, naming {@code location} as the output (where a staged copy was uploaded to). */
    public String render(String location) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "generated %s in %.1f s%n", location, elapsedSeconds()));
        for (String s : SOURCES) {
            sb.append(String.format(Locale.ROOT, "  %-14s %,12d rows  + %,d bad (%s)%n", s, validRows(s),
                    badRowsTotal(s), DataGenerator.describe(bad.get(s))));
        }
        return sb.toString();
    }
}
