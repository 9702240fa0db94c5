package com.vantagepoint.scoring.insight;

/** Produces the per-account recommendation and transcript summary. Implementations are thread-safe. */
public interface InsightGenerator {

    /** Provider stored with every insight: {@code local} or {@code bedrock}. */
    String provider();

    /** Model or generator version stored with every insight. */
    String model();

    AccountInsight generate(AccountContext ctx);

    /**
     * The insight and the provider and model that actually produced it: a generator that falls back names its
     * fallback, so a fallback insight is never stored (and reused) as its own. By default, this generator's.
     */
    default Generated generateWithSource(AccountContext ctx) {
        return new Generated(generate(ctx), provider(), model());
    }

    /** An insight and who produced it. */
    record Generated(AccountInsight insight, String provider, String model) {
    }
}
