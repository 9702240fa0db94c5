package com.vantagepoint.scoring.analysis.bedrock;

import java.util.concurrent.TimeUnit;

/**
 * Stops calling the model after {@code failureThreshold} consecutive failed attempts; while open,
 * callers fall back at once. After {@code openMs} one trial call is let through (half-open): success
 * closes the breaker, failure opens it again.
 */
public final class CircuitBreaker {
    public enum State { CLOSED, OPEN, HALF_OPEN }

    private final int failureThreshold;
    private final long openNanos;
    private final TimeSource time;
    private State state = State.CLOSED;
    private int consecutiveFailures;
    private long openedAt;
    private boolean trialInFlight;
    private long timesOpened;

    public CircuitBreaker(int failureThreshold, long openMs, TimeSource time) {
        if (failureThreshold < 1 || openMs < 0) {
            throw new IllegalArgumentException("failure-threshold must be >= 1 and open-ms >= 0");
        }
        this.failureThreshold = failureThreshold;
        this.openNanos = TimeUnit.MILLISECONDS.toNanos(openMs);
        this.time = time;
    }

    /** Whether a call may be made now; when half-open only one caller gets {@code true}. */
    public synchronized boolean allowRequest() {
        if (state == State.OPEN && time.nanoTime() - openedAt >= openNanos) {
            state = State.HALF_OPEN;
            trialInFlight = false;
        }
        return switch (state) {
            case CLOSED -> true;
            case OPEN -> false;
            case HALF_OPEN -> {
                if (trialInFlight) {
                    yield false;
                }
                trialInFlight = true;
                yield true;
            }
        };
    }

    public synchronized void recordSuccess() {
        consecutiveFailures = 0;
        state = State.CLOSED;
        trialInFlight = false;
    }

    public synchronized void recordFailure() {
        consecutiveFailures++;
        if (state == State.HALF_OPEN || (state == State.CLOSED && consecutiveFailures >= failureThreshold)) {
            state = State.OPEN;
            openedAt = time.nanoTime();
            trialInFlight = false;
            timesOpened++;
        }
    }

    public synchronized State state() {
        if (state == State.OPEN && time.nanoTime() - openedAt >= openNanos) {
            return State.HALF_OPEN;
        }
        return state;
    }

    public synchronized long timesOpened() {
        return timesOpened;
    }
}
