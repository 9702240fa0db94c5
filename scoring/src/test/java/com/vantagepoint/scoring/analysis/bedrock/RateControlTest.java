package com.vantagepoint.scoring.analysis.bedrock;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Token buckets, the RPM/TPM budget and the circuit breaker on virtual time (instant, exact). */
class RateControlTest {
    private static final long MINUTE = TimeUnit.MINUTES.toNanos(1);

    static int maxInWindow(List<Long> times, long window) {
        int best = 0;
        int start = 0;
        for (int end = 0; end < times.size(); end++) {
            while (times.get(end) - times.get(start) >= window) {
                start++;
            }
            best = Math.max(best, end - start + 1);
        }
        return best;
    }

    @Test
    void perMinuteBucketNeverGrantsMoreThanTheLimitInAnyMinute() throws Exception {
        TestClocks.Virtual clock = new TestClocks.Virtual();
        TokenBucket bucket = TokenBucket.perMinute(120, clock);
        List<Long> grants = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) {
            bucket.acquire(1);
            grants.add(clock.nanoTime());
        }
        int max = maxInWindow(grants, MINUTE);
        double minutes = (grants.get(grants.size() - 1) - grants.get(0)) / (double) MINUTE;
        assertTrue(max <= 120, "max in a minute " + max);
        assertTrue(max >= 115, "close to the limit: " + max);
        // Steady state: a burst of 2 (2%), then (120 - 2) * 0.99 = 116.82 a minute: >= 90% of the limit.
        assertEquals((1_000 - 2) / 116.82, minutes, 0.05);
        assertTrue((1_000 - 2) / minutes >= 0.9 * 120, "steady state " + (1_000 - 2) / minutes + " a minute");
    }

    @Test
    void requestBudgetUsesAtLeastNinetyPercentOfTheLimitAtSteadyStateAndNeverExceedsIt() throws Exception {
        for (long limit : new long[]{100, 600, 6_000}) {
            TestClocks.Virtual clock = new TestClocks.Virtual();
            RateBudget budget = new RateBudget(limit, 100_000_000, 4, clock);
            List<Long> grants = new ArrayList<>();
            int n = (int) (limit * 5);
            for (int i = 0; i < n; i++) {
                budget.acquire(1);
                grants.add(clock.nanoTime());
            }
            assertTrue(maxInWindow(grants, MINUTE) <= limit, "limit " + limit + ": " + maxInWindow(grants, MINUTE));
            double steady = budget.steadyRequestsPerMinute();
            assertTrue(steady >= 0.9 * limit, "limit " + limit + ": steady " + steady);
            // The last full minute of grants is the steady rate.
            long last = grants.get(n - 1);
            long inLastMinute = grants.stream().filter(t -> t > last - MINUTE).count();
            assertTrue(inLastMinute >= 0.9 * limit, "limit " + limit + ": " + inLastMinute + " in the last minute");
        }
    }

    @Test
    void tokensPerMinuteBudgetIsCorrectedByActualUsage() throws Exception {
        TestClocks.Virtual clock = new TestClocks.Virtual();
        RateBudget budget = new RateBudget(1_000, 10_000, clock);
        long start = clock.nanoTime();
        budget.acquire(1_000); // the whole burst (capacity 1,000)
        assertEquals(start, clock.nanoTime(), "the burst is free");
        budget.correctTokens(1_000, 100); // the call used far fewer: 900 refunded
        budget.acquire(900);
        assertEquals(start, clock.nanoTime(), "the refund was spendable at once");
        budget.correctTokens(900, 2_700); // this one used 1,800 more than estimated: now in debt
        budget.acquire(100);
        double waitedMinutes = (clock.nanoTime() - start) / (double) MINUTE;
        // Debt 1,800 + the 100 asked, refilled at (10,000 - 1,000) * 0.99 = 8,910 a minute.
        assertEquals(1_900 / 8_910.0, waitedMinutes, 0.001);
    }

    @Test
    void aRequestLargerThanTheBurstWaitsForAFullBucketAndRunsIntoDebt() throws Exception {
        TestClocks.Virtual clock = new TestClocks.Virtual();
        TokenBucket bucket = new TokenBucket(100, 600, clock);
        bucket.acquire(100);
        bucket.acquire(250); // waits for a full bucket (10 s), then owes 150
        assertEquals(10.0, (clock.nanoTime() - 1_000_000_000L) / 1e9, 0.01);
        assertEquals(-150, bucket.available(), 0.01);
        assertTrue(!bucket.tryAcquire(1));
    }

    @Test
    void blockingAcquireIsThreadSafe() throws Exception {
        TokenBucket bucket = new TokenBucket(50, 60_000 * 60, TimeSource.SYSTEM); // 60k a second
        int threads = 8;
        int each = 2_000;
        AtomicInteger granted = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch done = new CountDownLatch(threads);
        long started = System.nanoTime();
        for (int t = 0; t < threads; t++) {
            pool.execute(() -> {
                try {
                    for (int i = 0; i < each; i++) {
                        bucket.acquire(1);
                        granted.incrementAndGet();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                } finally {
                    done.countDown();
                }
            });
        }
        assertTrue(done.await(10, TimeUnit.SECONDS));
        pool.shutdown();
        double seconds = (System.nanoTime() - started) / 1e9;
        assertEquals(threads * each, granted.get());
        // 16,000 grants at 60,000 a second (plus a burst of 50) cannot finish faster than ~0.26 s.
        assertTrue(seconds >= (threads * each - 50) / 60_000.0 * 0.95, "took " + seconds + " s");
    }

    @Test
    void rejectsNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> TokenBucket.perMinute(0, TimeSource.SYSTEM));
        assertThrows(IllegalArgumentException.class, () -> new TokenBucket(0, 10, TimeSource.SYSTEM));
    }

    @Test
    void circuitBreakerOpensHalfOpensAndCloses() {
        TestClocks.Virtual clock = new TestClocks.Virtual();
        CircuitBreaker breaker = new CircuitBreaker(3, 1_000, clock);
        breaker.recordFailure();
        breaker.recordFailure();
        breaker.recordSuccess(); // resets the run of failures
        breaker.recordFailure();
        breaker.recordFailure();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        breaker.recordFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state());
        assertTrue(!breaker.allowRequest());

        clock.advance(1_000);
        assertTrue(breaker.allowRequest(), "one trial call");
        assertTrue(!breaker.allowRequest(), "only one");
        breaker.recordFailure();
        assertEquals(CircuitBreaker.State.OPEN, breaker.state(), "a failed trial re-opens");

        clock.advance(1_000);
        assertTrue(breaker.allowRequest());
        breaker.recordSuccess();
        assertEquals(CircuitBreaker.State.CLOSED, breaker.state());
        assertEquals(2, breaker.timesOpened());
    }

    @Test
    void usageMeterComputesCostAndMerges() {
        UsageMeter meter = new UsageMeter(0.035, 0.14);
        meter.call();
        meter.tokens(2_000, 500);
        UsageMeter.Snapshot s = meter.snapshot();
        assertEquals(2_000 / 1000.0 * 0.035 + 500 / 1000.0 * 0.14, s.estimatedCostUsd(), 1e-12);
        UsageMeter.Snapshot twice = s.plus(s);
        assertEquals(2, twice.calls());
        assertEquals(4_000, twice.inputTokens());
    }
}
