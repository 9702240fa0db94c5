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

/**
 * Streams the dashboard response straight from the snapshot's column arrays (no per-row maps): the
 * hot path of the API.
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

    static byte[] write(ObjectMapper mapper, Map<String, Object> summary, Snapshot snap, Snapshot.Page page) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(8192 + page.rows().length * 1200);
        try (JsonGenerator g = mapper.getFactory().createGenerator(out)) {
            g.writeStartObject();
            g.writeFieldName("summary");
            g.writeRawValue(summaryJson(mapper, summary, snap));
            g.writeObjectFieldStart("page");
            g.writeArrayFieldStart("accounts");
            Column[] columns = snap.columns().toArray(Column[]::new);
            SerializedString[] names = new SerializedString[columns.length];
            for (int c = 0; c < columns.length; c++) {
                names[c] = NAMES.computeIfAbsent(columns[c].name(), SerializedString::new);
            }
            for (int row : page.rows()) {
                g.writeStartObject();
                for (int c = 0; c < columns.length; c++) {
                    Column col = columns[c];
                    g.writeFieldName(names[c]);
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
}
