package com.vantagepoint.pipeline.generate;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Locale;
import java.util.TreeMap;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * JSON-Lines part files of one source written by one shard: flat (CRM) or partitioned by the UTC
 * month of each row ({@code year=YYYY/month=MM}). A part rolls over after {@code maxRowsPerPart} rows.
 * File names are a function of shard and roll number only, so output never depends on thread timing.
 */
final class PartWriter implements Closeable {
    private final Path root;
    private final boolean monthly;
    private final int shard;
    private final boolean gzip;
    private final int maxRowsPerPart;
    private final TreeMap<Integer, Part> parts = new TreeMap<>();
    private int lastKey = Integer.MIN_VALUE;
    private Part lastPart;

    PartWriter(Path root, boolean monthly, int shard, boolean gzip, int maxRowsPerPart) {
        this.root = root;
        this.monthly = monthly;
        this.shard = shard;
        this.gzip = gzip;
        this.maxRowsPerPart = maxRowsPerPart;
    }

    /** Writes a row of a flat source. */
    void write(String line) {
        part(0).write(line);
    }

    /** Writes a row into the month partition of {@code epochSecond} (UTC). */
    void write(long epochSecond, String line) {
        LocalDate d = LocalDate.ofEpochDay(Math.floorDiv(epochSecond, Timestamps.SECONDS_PER_DAY));
        part(d.getYear() * 100 + d.getMonthValue()).write(line);
    }

    private Part part(int key) {
        if (key == lastKey) {
            return lastPart;
        }
        Part p = parts.computeIfAbsent(key, k -> new Part(monthly
                ? root.resolve(String.format(Locale.ROOT, "year=%04d", k / 100)).resolve(String.format(Locale.ROOT, "month=%02d", k % 100))
                : root));
        lastKey = key;
        lastPart = p;
        return p;
    }

    @Override
    public void close() {
        for (Part p : parts.values()) {
            p.close();
        }
        parts.clear();
        lastPart = null;
        lastKey = Integer.MIN_VALUE;
    }

    private final class Part {
        private final Path dir;
        private BufferedWriter out;
        private int roll;
        private int rows;

        Part(Path dir) {
            this.dir = dir;
        }

        void write(String line) {
            try {
                if (out == null || rows >= maxRowsPerPart) {
                    if (out != null) {
                        out.close();
                        roll++;
                    }
                    out = open();
                    rows = 0;
                }
                out.write(line);
                out.write('\n');
                rows++;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        private BufferedWriter open() {
            Path file = dir.resolve(String.format(Locale.ROOT, "part-%05d.json%s", shard * 100 + roll, gzip ? ".gz" : ""));
            try {
                Files.createDirectories(dir);
                return open(file);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write " + file + " (" + e.getClass().getSimpleName() + ": "
                        + e.getMessage() + ")", e);
            }
        }

        private BufferedWriter open(Path file) throws IOException {
            OutputStream os = Files.newOutputStream(file);
            if (gzip) {
                os = new GZIPOutputStream(os, 1 << 16) {
                    {
                        def.setLevel(Deflater.BEST_SPEED); // about 3x faster than the default, files ~15% larger
                    }
                };
            }
            return new BufferedWriter(new OutputStreamWriter(os, StandardCharsets.UTF_8), 1 << 16);
        }

        void close() {
            if (out != null) {
                try {
                    out.close();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                out = null;
            }
        }
    }
}
