package com.vantagepoint.scoring.analysis.bedrock;

/**
 * The requests-per-minute and tokens-per-minute budget of one JVM (one executor). Every model call
 * attempt, retries included, takes one request and its estimated tokens before it is sent; the
 * estimate is corrected with the usage the reply reports.
 */
public final class RateBudget {
    private final TokenBucket requests;
    private final TokenBucket tokens;

    public RateBudget(long requestsPerMinute, long tokensPerMinute, TimeSource time) {
        this.requests = TokenBucket.perMinute(requestsPerMinute, time);
        this.tokens = TokenBucket.perMinute(tokensPerMinute, time);
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

    /** A rough token count for text sent to or expected from the model: about four characters a token. */
    public static long estimateTokens(int chars) {
        return Math.max(1, (chars + 3) / 4);
    }
}
