package com.vantagepoint.scoring.insight;

/** Produces the per-account recommendation and transcript summary (SPEC §6). Implementations are thread-safe. */
public interface InsightGenerator {

    /** Provider stored with every insight: {@code local} or {@code bedrock}. */
    String provider();

    /** Model or generator version stored with every insight. */
    String model();

    AccountInsight generate(AccountContext ctx);
}
