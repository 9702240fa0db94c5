package com.vantagepoint.scoring.analysis.bedrock;

import java.util.concurrent.locks.ReentrantLock;

/**
 * A thread-safe token bucket with a blocking {@link #acquire}. Waiting callers are served in
 * arrival order (one fair lock serializes them), so a large request is not starved by small ones.
 * The balance may go negative: a request larger than the capacity waits for a full bucket and then
 * runs into debt, and {@link #adjust} charges or refunds after the fact (token estimates corrected by
 * the model's reported usage); later callers wait the debt off.
 */
public final class TokenBucket {
    private final double capacity;
    private final double refillPerNano;
    private final TimeSource time;
    private final ReentrantLock queue = new ReentrantLock(true);
    private final Object state = new Object();
    private double balance;
    private long lastRefill;

    /**
     * @param capacity        the most that can be taken at once after an idle period (the burst)
     * @param refillPerMinute tokens added per minute
     */
    public TokenBucket(double capacity, double refillPerMinute, TimeSource time) {
        if (capacity <= 0 || refillPerMinute <= 0) {
            throw new IllegalArgumentException("capacity and refill must be positive");
        }
        this.capacity = capacity;
        this.refillPerNano = refillPerMinute / 60e9;
        this.time = time;
        this.balance = capacity;
        this.lastRefill = time.nanoTime();
    }

    /** Share of a per-minute limit held back from the refill (see {@link #perMinute(long, long, TimeSource)}). */
    public static final double SAFETY_MARGIN = 0.01;

    /**
     * A bucket that never grants more than {@code limitPerMinute} in any 60-second window, with a
     * small burst: 2% of the limit (at least 1). See {@link #perMinute(long, long, TimeSource)}.
     */
    public static TokenBucket perMinute(long limitPerMinute, TimeSource time) {
        return perMinute(limitPerMinute, Math.max(1, (long) Math.floor(limitPerMinute * 0.02)), time);
    }

    /**
     * A bucket that never grants more than {@code limitPerMinute} in any 60-second window and, at
     * steady state, grants {@code (limit - burst) * (1 - SAFETY_MARGIN)} a minute: any 60 s window
     * holds at most the burst plus one minute of refill, which is below the limit. A small burst
     * therefore leaves most of the limit to the steady rate (burst 2% of the limit: about 97% of it
     * used); the 1% margin absorbs the delay between a grant here and the request's arrival at the
     * service, which is where the quota is counted.
     *
     * @param burst the most granted at once after an idle period (clamped to 1..limit)
     */
    public static TokenBucket perMinute(long limitPerMinute, long burst, TimeSource time) {
        if (limitPerMinute < 1) {
            throw new IllegalArgumentException("a per-minute limit must be at least 1, was " + limitPerMinute);
        }
        double b = Math.max(1, Math.min(burst, limitPerMinute - 1));
        // A limit of 1: one request, then the next just over a minute later.
        double refill = limitPerMinute == 1 ? 1 - SAFETY_MARGIN : (limitPerMinute - b) * (1 - SAFETY_MARGIN);
        return new TokenBucket(b, refill, time);
    }

    /** Blocks until {@code n} tokens (or a full bucket, if {@code n} exceeds the capacity) are available, then takes them. */
    public void acquire(long n) throws InterruptedException {
        if (n <= 0) {
            return;
        }
        double need = Math.min(n, capacity);
        queue.lockInterruptibly();
        try {
            while (true) {
                long waitNanos;
                synchronized (state) {
                    refill();
                    if (balance >= need) {
                        balance -= n;
                        return;
                    }
                    waitNanos = (long) Math.ceil((need - balance) / refillPerNano);
                }
                time.sleepNanos(Math.max(waitNanos, 1_000));
            }
        } finally {
            queue.unlock();
        }
    }

    /** Takes {@code n} tokens if available now; never blocks. */
    public boolean tryAcquire(long n) {
        synchronized (state) {
            refill();
            if (balance >= Math.min(n, capacity)) {
                balance -= n;
                return true;
            }
            return false;
        }
    }

    /** Charges {@code delta} more tokens (positive) or refunds {@code -delta} (negative, up to the capacity). */
    public void adjust(long delta) {
        synchronized (state) {
            refill();
            balance = Math.min(capacity, balance - delta);
        }
    }

    public double available() {
        synchronized (state) {
            refill();
            return balance;
        }
    }

    public double capacity() {
        return capacity;
    }

    public double refillPerMinute() {
        return refillPerNano * 60e9;
    }

    private void refill() {
        long now = time.nanoTime();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            balance = Math.min(capacity, balance + elapsed * refillPerNano);
            lastRefill = now;
        }
    }
}
