package com.vantagepoint.api.http;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vantagepoint.api.mart.Column;
import com.vantagepoint.api.mart.Snapshot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Writes the dashboard response from the snapshot's column arrays (no per-row maps): the hot path of the API.
 */
final class DashboardJson {
    private static final Map<String, SerializedString> NAMES = new ConcurrentHashMap<>();

    private DashboardJson() {
    }

    /** The last summary serialized, reused while the snapshot and its figures (incl. data age) are unchanged. */
    private record Cached(Snapshot snapshot, Map<String, Object> summary, String json) {
    }

    private static volatile Cached cached;

    private static String summaryJson(ObjectMapper mapper, Map<String, Object> summary, Snapshot snap) throws IOException {
        Cached c = cached;
        if (c != null && c.snapshot() == snap && c.summary().equals(summary)) {
            return c.json();
        }
        String json = mapper.writeValueAsString(summary);
        cached = new Cached(snap, summary, json);
        return json;
    }

    /**
     * Each account row's JSON object, rendered when a page first shows it and reused for the snapshot's life: the
     * rows are immutable, and rendering one reads ~60 column arrays at a random row, mostly cache misses at
     * 200,000 accounts. Past {@link #RENDERED_BYTES} the further rows are rendered per request.
     */
    private record RenderedRows(Snapshot snapshot, Column[] columns, SerializedString[] names,
                                AtomicReferenceArray<byte[]> rows, AtomicLong bytes) {
        static RenderedRows of(Snapshot snap) {
            Column[] columns = snap.columns().toArray(Column[]::new);
            SerializedString[] names = new SerializedString[columns.length];
            for (int c = 0; c < columns.length; c++) {
                names[c] = NAMES.computeIfAbsent(columns[c].name(), SerializedString::new);
            }
            return new RenderedRows(snap, columns, names, new AtomicReferenceArray<>(snap.size()), new AtomicLong());
        }
    }

    /** About 90,000 rows of 34 columns: the pages a dashboard pages through, not a crawl of every account. */
    static final long RENDERED_BYTES = 64L << 20;

    private static volatile RenderedRows rendered;

    static byte[] write(ObjectMapper mapper, Map<String, Object> summary, Snapshot snap, Snapshot.Page page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192 + page.rows().length * 1200);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("summary");
            g.writeRawValue(summaryJson(mapper, summary, snap));
            g.writeObjectFieldStart("page");
            g.writeArrayFieldStart("accounts");
            g.flush();
            writeRows(mapper, snap, page.rows(), out);
            g.writeEndArray();
            g.writeNumberField("total_matching", page.totalMatching());
            g.writeNumberField("limit", page.limit());
            g.writeNumberField("offset", page.offset());
            g.writeEndObject();
            g.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The rows' objects, comma-separated, straight into {@code out} (the generator has been flushed). */
    private static void writeRows(ObjectMapper mapper, Snapshot snap, int[] rows, ByteArrayOutputStream out) throws IOException {
        RenderedRows cache = renderedRows(snap);
        for (int i = 0; i < rows.length; i++) {
            if (i > 0) {
                out.write(',');
            }
            byte[] json = cache.rows().get(rows[i]);
            if (json == null) {
                json = renderRow(mapper, cache, rows[i]);
                if (cache.bytes().addAndGet(json.length) <= RENDERED_BYTES) {
                    cache.rows().set(rows[i], json);
                }
            }
            out.write(json);
        }
    }

    private static RenderedRows renderedRows(Snapshot snap) {
        RenderedRows r = rendered;
        if (r == null || r.snapshot() != snap) {
            r = RenderedRows.of(snap);
            rendered = r;
        }
        return r;
    }

    /** One row's object; the column array and field names are the snapshot's, made once (not per row or page). */
    private static byte[] renderRow(ObjectMapper mapper, RenderedRows cache, int row) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            for (int c = 0; c < cache.columns().length; c++) {
                Column col = cache.columns()[c];
                g.writeFieldName(cache.names()[c]);
                if (col.isNull(row)) {
                    g.writeNull();
                    continue;
                }
                switch (col.kind()) {
                    case STRING -> g.writeString(col.string(row));
                    case DECIMAL -> g.writeNumber(col.number(row));
                    case INTEGER -> g.writeNumber((long) col.number(row));
                    case BOOLEAN -> g.writeBoolean(col.number(row) != 0);
                }
            }
            g.writeEndObject();
        }
        return out.toByteArray();
    }
}
