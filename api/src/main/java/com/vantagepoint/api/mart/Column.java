package com.vantagepoint.api.mart;

import java.util.Arrays;
import java.util.HashMap;

/**
 * One account column held as a primitive array: strings (also dates and timestamps, in ISO form
 * so that lexical order is time order) or numbers (integers and booleans are numbers with a kind).
 */
public final class Column {
    public enum Kind { STRING, DECIMAL, INTEGER, BOOLEAN }

    private final String name;
    private final Kind kind;
    private final String[] strings;
    private final double[] numbers;
    private final boolean[] nulls;

    private Column(String name, Kind kind, String[] strings, double[] numbers, boolean[] nulls) {
        this.name = name;
        this.kind = kind;
        this.strings = strings;
        this.numbers = numbers;
        this.nulls = nulls;
    }

    static Column ofStrings(String name, String[] values) {
        return new Column(name, Kind.STRING, values, null, null);
    }

    static Column ofNumbers(String name, Kind kind, double[] values, boolean[] nulls) {
        return new Column(name, kind, null, values, nulls);
    }

    public String name() {
        return name;
    }

    public Kind kind() {
        return kind;
    }

    public boolean isNull(int row) {
        return strings != null ? strings[row] == null : nulls[row];
    }

    public String string(int row) {
        return strings != null ? strings[row] : null;
    }

    public double number(int row) {
        return numbers != null ? numbers[row] : Double.NaN;
    }

    /** The JSON value of one cell. */
    public Object value(int row) {
        if (isNull(row)) {
            return null;
        }
        return switch (kind) {
            case STRING -> strings[row];
            case DECIMAL -> numbers[row];
            case INTEGER -> (long) numbers[row];
            case BOOLEAN -> numbers[row] != 0;
        };
    }

    /**
     * Row numbers sorted ascending by this column, non-null values first, equal values in load
     * order (account id); {@code nonNull} rows precede the nulls. Sorting packs each row into one
     * {@code long} — an order-preserving key in the high bits, the row number in the low bits — so a
     * primitive {@link Arrays#sort(long[])} does the work: numbers by their IEEE bits (the lowest
     * mantissa bits give way to the row number: values within ~1e-8 relative count as equal), strings
     * by the rank of their distinct value.
     */
    SortIndex buildSortIndex() {
        int n = strings != null ? strings.length : numbers.length;
        int rowBits = Math.max(1, 32 - Integer.numberOfLeadingZeros(Math.max(1, n - 1)));
        long rowMask = (1L << rowBits) - 1;
        int nonNull = 0;
        for (int r = 0; r < n; r++) {
            if (!isNull(r)) {
                nonNull++;
            }
        }
        long[] keys = new long[nonNull];
        int k = 0;
        if (strings != null) {
            HashMap<String, Integer> distinct = new HashMap<>();
            for (String v : strings) {
                if (v != null) {
                    distinct.putIfAbsent(v, 0);
                }
            }
            String[] sorted = distinct.keySet().toArray(String[]::new);
            Arrays.sort(sorted);
            for (int i = 0; i < sorted.length; i++) {
                distinct.put(sorted[i], i);
            }
            for (int r = 0; r < n; r++) {
                if (strings[r] != null) {
                    keys[k++] = ((long) distinct.get(strings[r]) << 32) | r;
                }
            }
        } else {
            for (int r = 0; r < n; r++) {
                if (!nulls[r]) {
                    long bits = Double.doubleToLongBits(numbers[r] == 0.0 ? 0.0 : numbers[r]);
                    bits ^= (bits >> 63) & Long.MAX_VALUE;
                    keys[k++] = (bits & ~rowMask) | r;
                }
            }
        }
        Arrays.sort(keys);
        int[] order = new int[n];
        long mask = strings != null ? 0xFFFFFFFFL : rowMask;
        for (int i = 0; i < nonNull; i++) {
            order[i] = (int) (keys[i] & mask);
        }
        int j = nonNull;
        for (int r = 0; r < n; r++) {
            if (isNull(r)) {
                order[j++] = r;
            }
        }
        return new SortIndex(order, nonNull);
    }

    /** Rows in ascending order of a column: {@code order[0..nonNull)} sorted, then the null rows. */
    public record SortIndex(int[] order, int nonNull) {
        /** The row at position {@code i} of the requested order; nulls come last either way. */
        public int at(int i, boolean descending) {
            if (!descending || i >= nonNull) {
                return order[i];
            }
            return order[nonNull - 1 - i];
        }
    }
}
