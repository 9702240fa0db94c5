package com.vantagepoint.api.http;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/** A sliding one-minute window of requests per user. */
final class RateLimiter {
    private final int perMinute;
    private final ConcurrentHashMap<String, Deque<Long>> windows = new ConcurrentHashMap<>();

    RateLimiter(int perMinute) {
        this.perMinute = perMinute;
    }

    /** Records a request; returns 0 if allowed, else the seconds until the next one is. */
    long acquire(String user) {
        long now = System.currentTimeMillis();
        Deque<Long> w = windows.computeIfAbsent(user, k -> new ArrayDeque<>());
        synchronized (w) {
            while (!w.isEmpty() && w.peekFirst() <= now - 60_000) {
                w.pollFirst();
            }
            if (w.size() >= perMinute) {
                return Math.max(1, (w.peekFirst() + 60_000 - now + 999) / 1000);
            }
            w.addLast(now);
            return 0;
        }
    }
}
