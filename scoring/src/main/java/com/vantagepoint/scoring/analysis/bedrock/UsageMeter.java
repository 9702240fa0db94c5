package com.vantagepoint.scoring.analysis.bedrock;

import java.util.concurrent.atomic.AtomicLong;

/** Thread-safe counters of model usage for the run report: calls, retries, tokens, estimated cost. */
public final class UsageMeter {
    private final double pricePer1kInput;
    private final double pricePer1kOutput;
    private final AtomicLong calls = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong throttles = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private final AtomicLong fallbacks = new AtomicLong();
    private final AtomicLong repaired = new AtomicLong();
    private final AtomicLong circuitOpenSkips = new AtomicLong();
    private final AtomicLong inputTokens = new AtomicLong();
    private final AtomicLong outputTokens = new AtomicLong();
    private final UsageMeter parent;

    public UsageMeter(double pricePer1kInput, double pricePer1kOutput) {
        this(pricePer1kInput, pricePer1kOutput, null);
    }

    private UsageMeter(double pricePer1kInput, double pricePer1kOutput, UsageMeter parent) {
        this.pricePer1kInput = pricePer1kInput;
        this.pricePer1kOutput = pricePer1kOutput;
        this.parent = parent;
    }

    /** A meter for one unit of work (e.g. one Spark partition) whose counts also go to this one. */
    public UsageMeter child() {
        return new UsageMeter(pricePer1kInput, pricePer1kOutput, this);
    }

    /** A request sent to the model (each attempt counts). */
    public void call() {
        calls.incrementAndGet();
        if (parent != null) {
            parent.call();
        }
    }

    /** A repeated attempt after a failure or an unusable reply. */
    public void retry() {
        retries.incrementAndGet();
        if (parent != null) {
            parent.retry();
        }
    }

    /** A throttling reply (HTTP 429 / ThrottlingException). */
    public void throttle() {
        throttles.incrementAndGet();
        if (parent != null) {
            parent.throttle();
        }
    }

    /** A failed attempt of any kind (throttles, 5xx, timeouts, client errors). */
    public void error() {
        errors.incrementAndGet();
        if (parent != null) {
            parent.error();
        }
    }

    /** Records answered by the local fallback. */
    public void fallbacks(long records) {
        fallbacks.addAndGet(records);
        if (parent != null) {
            parent.fallbacks(records);
        }
    }

    /** Records whose model reply had to be repaired. */
    public void repaired(long records) {
        repaired.addAndGet(records);
        if (parent != null) {
            parent.repaired(records);
        }
    }

    /** Batches sent straight to the fallback because the circuit breaker was open. */
    public void circuitOpenSkip() {
        circuitOpenSkips.incrementAndGet();
        if (parent != null) {
            parent.circuitOpenSkip();
        }
    }

    public void tokens(long input, long output) {
        inputTokens.addAndGet(input);
        outputTokens.addAndGet(output);
        if (parent != null) {
            parent.tokens(input, output);
        }
    }

    public Snapshot snapshot() {
        long in = inputTokens.get();
        long out = outputTokens.get();
        return new Snapshot(calls.get(), retries.get(), throttles.get(), errors.get(), fallbacks.get(), repaired.get(),
                circuitOpenSkips.get(), in, out, in / 1000.0 * pricePer1kInput + out / 1000.0 * pricePer1kOutput);
    }

    /** Counters at one moment; {@link #plus} merges executors' snapshots. */
    public record Snapshot(long calls, long retries, long throttles, long errors, long fallbacks, long repaired,
                           long circuitOpenSkips, long inputTokens, long outputTokens, double estimatedCostUsd) {
        public static final Snapshot ZERO = new Snapshot(0, 0, 0, 0, 0, 0, 0, 0, 0, 0);

        public Snapshot plus(Snapshot o) {
            return new Snapshot(calls + o.calls, retries + o.retries, throttles + o.throttles, errors + o.errors,
                    fallbacks + o.fallbacks, repaired + o.repaired, circuitOpenSkips + o.circuitOpenSkips,
                    inputTokens + o.inputTokens, outputTokens + o.outputTokens, estimatedCostUsd + o.estimatedCostUsd);
        }
    }
}
