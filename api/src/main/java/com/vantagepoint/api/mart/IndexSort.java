package com.vantagepoint.api.mart;

import java.util.function.IntBinaryOperator;

/** A stable merge sort of row numbers with a primitive comparator (no boxing at 200,000 rows). */
final class IndexSort {
    private IndexSort() {
    }

    static void sort(int[] a, int from, int to, IntBinaryOperator cmp) {
        if (to - from < 2) {
            return;
        }
        int[] buf = new int[to - from];
        mergeSort(a, buf, from, to, cmp);
    }

    private static void mergeSort(int[] a, int[] buf, int lo, int hi, IntBinaryOperator cmp) {
        if (hi - lo <= 16) {
            for (int i = lo + 1; i < hi; i++) {
                int v = a[i];
                int j = i - 1;
                while (j >= lo && cmp.applyAsInt(a[j], v) > 0) {
                    a[j + 1] = a[j];
                    j--;
                }
                a[j + 1] = v;
            }
            return;
        }
        int mid = (lo + hi) >>> 1;
        mergeSort(a, buf, lo, mid, cmp);
        mergeSort(a, buf, mid, hi, cmp);
        if (cmp.applyAsInt(a[mid - 1], a[mid]) <= 0) {
            return;
        }
        int n = mid - lo;
        System.arraycopy(a, lo, buf, 0, n);
        int i = 0;
        int j = mid;
        int k = lo;
        while (i < n && j < hi) {
            a[k++] = cmp.applyAsInt(a[j], buf[i]) < 0 ? a[j++] : buf[i++];
        }
        while (i < n) {
            a[k++] = buf[i++];
        }
    }
}
