package com.vantagepoint.scoring.analysis.bedrock;

/**
 * The requests-per-minute and tokens-per-minute budget of one JVM (one executor). Every model call
 * attempt, retries included, takes one request and its estimated tokens before it is sent; the
 * estimate is corrected with the usage the reply reports.
 *
 * <p>Requests: a burst of at most {@code maxBurst} (the concurrency: more cannot be in flight anyway)
 * and 2% of the limit, then a steady rate of (limit − burst) less a 1% margin, so at steady state
 * ~97% of the limit is used and no 60 s window ever exceeds it. Tokens: a burst of a tenth of the
 * limit (one batch's prompt is large compared with 2% of a small TPM budget), the rest as refill.
 */
public final class RateBudget {
    private final TokenBucket requests;
    private final TokenBucket tokens;

    public RateBudget(long requestsPerMinute, long tokensPerMinute, TimeSource time) {
        this(requestsPerMinute, tokensPerMinute, Integer.MAX_VALUE, time);
    }

    /** @param maxBurst the most requests granted at once (typically the concurrency bound) */
    public RateBudget(long requestsPerMinute, long tokensPerMinute, int maxBurst, TimeSource time) {
        long requestBurst = Math.max(1, Math.min(maxBurst, (long) Math.floor(requestsPerMinute * 0.02)));
        this.requests = TokenBucket.perMinute(requestsPerMinute, requestBurst, time);
        this.tokens = TokenBucket.perMinute(tokensPerMinute, Math.max(1, tokensPerMinute / 10), time);
    }

    /** Blocks until one request and {@code estimatedTokens} tokens may be spent. */
    public void acquire(long estimatedTokens) throws InterruptedException {
        requests.acquire(1);
        tokens.acquire(estimatedTokens);
    }

    /** Corrects the token charge once the reply's usage is known. */
    public void correctTokens(long estimatedTokens, long actualTokens) {
        tokens.adjust(actualTokens - estimatedTokens);
    }

    /** The steady-state requests per minute this budget grants (after the burst). */
    public double steadyRequestsPerMinute() {
        return requests.refillPerMinute();
    }

    /** A rough token count for text sent to or expected from the model: about four characters a token. */
    public static long estimateTokens(int chars) {
        return Math.max(1, (chars + 3) / 4);
    }
}
