package com.vantagepoint.pipeline.staging;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;

import java.io.IOException;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;

/**
 * Parses each raw line into (raw line, struct of the declared fields as strings), or (raw line, null) when the
 * line is not exactly one well-formed JSON object; columns after the line (where it came from) are carried along.
 * <p>Why not {@code from_json}: Spark 3.5 builds a character reader (with an 8 KB buffer) per value, which made
 * parsing the largest share of usage staging (7.5 M lines: ~17 s of parse on top of ~7 s of reading, against
 * ~3 s here). The semantics are from_json's with an all-string schema: a string value is its text, any other
 * scalar its JSON text (so a wrong type stays visible), an object or array its JSON text, {@code null} and an
 * absent field are null, unknown fields are ignored, the last of repeated names wins. Stricter than from_json
 * in one respect: content after the object (e.g. two objects on one line) makes the line malformed instead of
 * being silently dropped.
 */
final class JsonObjectParser implements MapPartitionsFunction<Row, Row> {
    private static final JsonFactory FACTORY = new JsonFactory();

    private final Map<String, Integer> fieldIndex = new HashMap<>();
    private final int fieldCount;

    JsonObjectParser(List<String> fields) {
        for (int i = 0; i < fields.size(); i++) {
            fieldIndex.put(fields.get(i), i);
        }
        this.fieldCount = fields.size();
    }

    @Override
    public Iterator<Row> call(Iterator<Row> lines) {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return lines.hasNext();
            }

            @Override
            public Row next() {
                Row line = lines.next();
                String raw = line.getString(0);
                if (line.size() == 1) {
                    return RowFactory.create(raw, parse(raw));
                }
                Object[] out = new Object[line.size() + 1];
                out[0] = raw;
                out[1] = parse(raw);
                for (int i = 1; i < line.size(); i++) {
                    out[i + 1] = line.get(i);
                }
                return RowFactory.create(out);
            }
        };
    }

    /** The struct of declared fields, or null when the line is not exactly one JSON object. */
    Row parse(String line) {
        Object[] values = new Object[fieldCount];
        try (JsonParser p = FACTORY.createParser(line)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                return null;
            }
            JsonToken token;
            while ((token = p.nextToken()) == JsonToken.FIELD_NAME) {
                Integer index = fieldIndex.get(p.currentName());
                JsonToken value = p.nextToken();
                if (index == null) {
                    p.skipChildren();
                } else {
                    values[index] = text(p, value);
                }
            }
            if (token != JsonToken.END_OBJECT || p.nextToken() != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        return RowFactory.create(values);
    }

    private static String text(JsonParser p, JsonToken value) throws IOException {
        return switch (value) {
            case VALUE_NULL -> null;
            case START_OBJECT, START_ARRAY -> structureText(p);
            default -> p.getText();
        };
    }

    private static String structureText(JsonParser p) throws IOException {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            g.copyCurrentStructure(p);
        }
        return out.toString();
    }
}
