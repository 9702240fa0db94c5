package com.vantagepoint.api.http;

/** User-supplied text made safe for one audit line: control characters (newline, NUL, ...) escaped as \\uXXXX. */
final class AuditText {
    private AuditText() {
    }

    static String of(String text) {
        if (text == null) {
            return "null";
        }
        StringBuilder sb = new StringBuilder(text.length());
        text.codePoints().forEach(c -> {
            if (Character.isISOControl(c) || c == '\\' || Character.getType(c) == Character.LINE_SEPARATOR
                    || Character.getType(c) == Character.PARAGRAPH_SEPARATOR) {
                sb.append(String.format("\\u%04x", c));
            } else {
                sb.appendCodePoint(c);
            }
        });
        return sb.toString();
    }
}
