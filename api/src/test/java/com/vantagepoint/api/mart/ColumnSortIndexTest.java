package com.vantagepoint.api.mart;

import org.junit.jupiter.api.Test;

import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ColumnSortIndexTest {

    private static int[] expected(int n, java.util.function.IntPredicate isNull, Comparator<Integer> cmp) {
        List<Integer> nonNull = IntStream.range(0, n).filter(r -> !isNull.test(r)).boxed().sorted(cmp.thenComparing(Comparator.naturalOrder())).toList();
        List<Integer> nulls = IntStream.range(0, n).filter(isNull).boxed().toList();
        return IntStream.concat(nonNull.stream().mapToInt(i -> i), nulls.stream().mapToInt(i -> i)).toArray();
    }

    @Test
    void numbersSortLikeDoubleCompareWithTiesInRowOrderAndNullsLast() {
        Random rnd = new Random(42);
        int n = 5000;
        double[] v = new double[n];
        boolean[] nulls = new boolean[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (rnd.nextInt(6)) {
                case 0 -> -rnd.nextInt(100) / 10.0;
                case 1 -> 0.0;
                case 2 -> -0.0;
                case 3 -> rnd.nextDouble() * 1e6;
                case 4 -> Math.round(rnd.nextDouble() * 1000) / 10.0;
                default -> -rnd.nextDouble();
            };
            nulls[i] = rnd.nextInt(10) == 0;
        }
        Column c = Column.ofNumbers("x", Column.Kind.DECIMAL, v, nulls);
        Column.SortIndex idx = c.buildSortIndex();
        int[] want = expected(n, r -> nulls[r], (a, b) -> Double.compare(v[a] == 0.0 ? 0.0 : v[a], v[b] == 0.0 ? 0.0 : v[b]));
        assertArrayEquals(want, idx.order());
        assertEquals(IntStream.range(0, n).filter(r -> !nulls[r]).count(), idx.nonNull());
        // descending walks the non-null part backwards, nulls still last
        assertEquals(want[idx.nonNull() - 1], idx.at(0, true));
        assertEquals(want[idx.nonNull()], idx.at(idx.nonNull(), true));
    }

    @Test
    void stringsSortLexicallyWithTiesInRowOrderAndNullsLast() {
        Random rnd = new Random(7);
        int n = 3000;
        String[] s = new String[n];
        for (int i = 0; i < n; i++) {
            s[i] = rnd.nextInt(8) == 0 ? null : "v" + rnd.nextInt(300);
        }
        Column.SortIndex idx = Column.ofStrings("s", s).buildSortIndex();
        assertArrayEquals(expected(n, r -> s[r] == null, (a, b) -> s[a].compareTo(s[b])), idx.order());
    }
}
