package com.vantagepoint.pipeline.generate;

import java.time.LocalDate;

/**
 * A reusable builder for one JSON object on one line. Hand-rolled because the generator writes
 * millions of rows; strings are escaped per RFC 8259 (quotes, backslashes, control characters;
 * other Unicode is written as is and encoded as UTF-8 by the writer).
 */
final class JsonLine {
    private static final char[] HEX = "0123456789abcdef".toCharArray();

    private final StringBuilder sb = new StringBuilder(512);
    private boolean first;

    JsonLine begin() {
        sb.setLength(0);
        sb.append('{');
        first = true;
        return this;
    }

    String end() {
        sb.append('}');
        return sb.toString();
    }

    /** The line built so far, closed; used to truncate it for malformed-JSON samples. */
    StringBuilder buffer() {
        return sb;
    }

    private void key(String name) {
        if (!first) {
            sb.append(',');
        }
        first = false;
        sb.append('"').append(name).append("\":");
    }

    JsonLine str(String name, String value) {
        key(name);
        if (value == null) {
            sb.append("null");
        } else {
            quote(sb, value);
        }
        return this;
    }

    JsonLine num(String name, long value) {
        key(name);
        sb.append(value);
        return this;
    }

    /** A decimal with two places from an amount in hundredths (pence). */
    JsonLine money(String name, long hundredths) {
        key(name);
        if (hundredths < 0) {
            sb.append('-');
            hundredths = -hundredths;
        }
        sb.append(hundredths / 100).append('.');
        long cents = hundredths % 100;
        if (cents < 10) {
            sb.append('0');
        }
        sb.append(cents);
        return this;
    }

    JsonLine bool(String name, boolean value) {
        key(name);
        sb.append(value);
        return this;
    }

    JsonLine date(String name, LocalDate value) {
        key(name);
        if (value == null) {
            sb.append("null");
        } else {
            sb.append('"');
            Timestamps.appendDate(sb, value.getYear(), value.getMonthValue(), value.getDayOfMonth());
            sb.append('"');
        }
        return this;
    }

    /** A raw, already valid JSON value (or a deliberately wrong one for bad-record samples). */
    JsonLine raw(String name, String jsonValue) {
        key(name);
        sb.append(jsonValue);
        return this;
    }

    static void quote(StringBuilder out, String s) {
        out.append('"');
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c == '\u2028' || c == '\u2029') {
                        out.append("\\u").append(HEX[(c >> 12) & 0xF]).append(HEX[(c >> 8) & 0xF])
                                .append(HEX[(c >> 4) & 0xF]).append(HEX[c & 0xF]);
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        out.append('"');
    }
}
