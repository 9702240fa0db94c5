package com.vantagepoint.api.mart;

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

    /** Order of two non-null cells. */
    int compare(int a, int b) {
        return strings != null ? strings[a].compareTo(strings[b]) : Double.compare(numbers[a], numbers[b]);
    }

    /**
     * Row numbers sorted ascending by this column, non-null values first (stable, so rows keep the
     * load order — account id — among equal values); {@code nonNull} rows precede the nulls.
     */
    SortIndex buildSortIndex() {
        int n = strings != null ? strings.length : numbers.length;
        int[] values = new int[n];
        int nonNull = 0;
        for (int r = 0; r < n; r++) {
            if (!isNull(r)) {
                values[nonNull++] = r;
            }
        }
        int k = nonNull;
        for (int r = 0; r < n; r++) {
            if (isNull(r)) {
                values[k++] = r;
            }
        }
        IndexSort.sort(values, 0, nonNull, this::compare);
        return new SortIndex(values, nonNull);
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
