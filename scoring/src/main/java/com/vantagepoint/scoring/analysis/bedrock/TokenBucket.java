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

    /**
     * A bucket that never grants more than {@code limitPerMinute} in any 60-second window: the burst
     * is a tenth of the limit and the refill the rest, less a 2% headroom (burst + one minute of refill
     * <= the limit). The headroom absorbs the delay between a grant here and the request's arrival at
     * the service, which is where the quota is counted.
     */
    public static TokenBucket perMinute(long limitPerMinute, TimeSource time) {
        if (limitPerMinute < 1) {
            throw new IllegalArgumentException("a per-minute limit must be at least 1, was " + limitPerMinute);
        }
        double burst = Math.max(1, Math.floor(limitPerMinute / 10.0));
        double refill = limitPerMinute - burst - Math.floor(limitPerMinute * 0.02);
        return new TokenBucket(burst, refill >= 1 ? refill : limitPerMinute, time);
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

    private void refill() {
        long now = time.nanoTime();
        long elapsed = now - lastRefill;
        if (elapsed > 0) {
            balance = Math.min(capacity, balance + elapsed * refillPerNano);
            lastRefill = now;
        }
    }
}
