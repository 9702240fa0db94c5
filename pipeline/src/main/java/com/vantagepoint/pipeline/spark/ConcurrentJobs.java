package com.vantagepoint.pipeline.spark;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BiFunction;
import java.util.function.Supplier;

/**
 * Independent Spark actions submitted from several driver threads at once. On a small input most of a query's time
 * is the driver planning it and compiling its generated code, on the thread that submits it; two such threads keep
 * both cores of a small machine busy where one left the second idle. Results come back in the order of the
 * actions, and the first failure in that order is the one thrown.
 */
public final class ConcurrentJobs {
    private ConcurrentJobs() {
    }

    public static <T> List<T> all(List<Supplier<T>> actions) {
        int threads = Math.min(actions.size(), Runtime.getRuntime().availableProcessors());
        if (threads <= 1) {
            return actions.stream().map(Supplier::get).toList();
        }
        // Threads made here inherit the caller's Spark job properties (job group, scheduler pool).
        ExecutorService pool = Executors.newFixedThreadPool(threads, action -> {
            Thread t = new Thread(action, "spark-actions");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<T>> running = actions.stream().map(a -> pool.submit(a::get)).toList();
            List<T> results = new ArrayList<>(running.size());
            for (Future<T> f : running) {
                results.add(join(f));
            }
            return results;
        } finally {
            pool.shutdownNow();
        }
    }

    /** Two actions of different kinds side by side, their results combined. */
    public static <A, B, R> R both(Supplier<A> first, Supplier<B> second, BiFunction<A, B, R> combine) {
        List<Object> results = all(List.of(first::get, second::get));
        @SuppressWarnings("unchecked") A a = (A) results.get(0);
        @SuppressWarnings("unchecked") B b = (B) results.get(1);
        return combine.apply(a, b);
    }

    private static <T> T join(Future<T> f) {
        try {
            return f.get();
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e.getCause() instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for a Spark action", e);
        }
    }
}
