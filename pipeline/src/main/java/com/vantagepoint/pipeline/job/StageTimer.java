package com.vantagepoint.pipeline.job;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/** Times the stages of a run and prints a progress line when each starts and ends; stages may run side by side. */
final class StageTimer {
    private final Map<String, Long> millis = new LinkedHashMap<>();
    private final PrintStream out;

    StageTimer(PrintStream out) {
        this.out = out;
    }

    synchronized void record(String stage, long elapsedMillis) {
        millis.merge(stage, elapsedMillis, Long::sum);
    }

    <T> T time(String stage, Supplier<T> work) {
        out.printf("[run] %s ...%n", stage);
        out.flush();
        long start = System.nanoTime();
        try {
            return work.get();
        } finally {
            long elapsed = (System.nanoTime() - start) / 1_000_000;
            record(stage, elapsed);
            out.printf("[run] %s done in %.1f s%n", stage, elapsed / 1000.0);
            out.flush();
        }
    }

    synchronized Map<String, Long> millis() {
        return new LinkedHashMap<>(millis);
    }
}
