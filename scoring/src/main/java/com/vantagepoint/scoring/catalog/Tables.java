package com.vantagepoint.scoring.catalog;

import java.util.List;

/** Names of the published tables, in publishing order; {@link MartCatalog} defines their columns. */
public final class Tables {
    private Tables() {
    }

    public static final String ACCOUNT_HEALTH_SCORE = "ACCOUNT_HEALTH_SCORE";
    public static final String ACCOUNT_HEALTH_HISTORY = "ACCOUNT_HEALTH_HISTORY";
    public static final String INTERACTION_TRANSCRIPTS_ENRICHED = "INTERACTION_TRANSCRIPTS_ENRICHED";
    public static final String ACCOUNT_INSIGHTS = "ACCOUNT_INSIGHTS";
    public static final String REJECTED_RECORDS = "REJECTED_RECORDS";
    public static final String PIPELINE_RUNS = "PIPELINE_RUNS";
    public static final String ENRICHMENT_CACHE = "ENRICHMENT_CACHE";
    public static final String DATA_QUALITY_CHECKS = "DATA_QUALITY_CHECKS";
    /** Movers: each account's score and signals now against one and four weeks before, from the history. */
    public static final String ACCOUNT_SCORE_CHANGES = "ACCOUNT_SCORE_CHANGES";
    /** Written by {@code vantagepoint backtest}, not by a run: how well the score predicted churn. */
    public static final String SCORE_BACKTEST = "SCORE_BACKTEST";

    public static final List<String> ALL = List.of(ACCOUNT_HEALTH_SCORE, ACCOUNT_HEALTH_HISTORY,
            ACCOUNT_SCORE_CHANGES, INTERACTION_TRANSCRIPTS_ENRICHED, ACCOUNT_INSIGHTS, REJECTED_RECORDS, PIPELINE_RUNS, ENRICHMENT_CACHE,
            DATA_QUALITY_CHECKS, SCORE_BACKTEST);
}
