package com.vantagepoint.pipeline.generate;

import java.time.LocalDate;

/** Fast ISO-8601 formatting of epoch seconds (proleptic Gregorian, UTC), without DateTimeFormatter. */
final class Timestamps {
    static final long SECONDS_PER_DAY = 86_400L;

    /** How a timestamp is written; all three are valid ISO-8601 input (no offset means UTC). */
    enum Style { ZULU, PLUS_ONE_HOUR, NO_OFFSET }

    private Timestamps() {
    }

    static void append(StringBuilder sb, long epochSecond, Style style) {
        long local = style == Style.PLUS_ONE_HOUR ? epochSecond + 3600 : epochSecond;
        long day = Math.floorDiv(local, SECONDS_PER_DAY);
        int secOfDay = (int) Math.floorMod(local, SECONDS_PER_DAY);
        LocalDate d = LocalDate.ofEpochDay(day);
        appendDate(sb, d.getYear(), d.getMonthValue(), d.getDayOfMonth());
        sb.append('T');
        two(sb, secOfDay / 3600);
        sb.append(':');
        two(sb, (secOfDay / 60) % 60);
        sb.append(':');
        two(sb, secOfDay % 60);
        switch (style) {
            case ZULU -> sb.append('Z');
            case PLUS_ONE_HOUR -> sb.append("+01:00");
            case NO_OFFSET -> { }
        }
    }

    static String format(long epochSecond, Style style) {
        StringBuilder sb = new StringBuilder(25);
        append(sb, epochSecond, style);
        return sb.toString();
    }

    static void appendDate(StringBuilder sb, int year, int month, int day) {
        sb.append(year).append('-');
        two(sb, month);
        sb.append('-');
        two(sb, day);
    }

    private static void two(StringBuilder sb, int v) {
        if (v < 10) {
            sb.append('0');
        }
        sb.append(v);
    }
}
