package com.vantagepoint.scoring.analysis;

import java.util.List;

/**
 * What a provider concluded about one transcript.
 *
 * @param sentiment  in [-1, 1]; |s| <= {@link #NEUTRAL_BAND} reads as neutral
 * @param category   one of the eight complaint categories
 * @param confidence in [0, 1], how sure the provider is of the category
 * @param evidence   short spans of the text that drove the category (may be empty)
 */
public record TranscriptAnalysis(double sentiment, ComplaintCategory category, double confidence, List<String> evidence) {
    /** A sentiment within this distance of 0 reads as neutral (dashboards, summaries, evaluation). */
    public static final double NEUTRAL_BAND = 0.05;

    public TranscriptAnalysis {
        if (Double.isNaN(sentiment) || sentiment < -1 || sentiment > 1) {
            throw new IllegalArgumentException("sentiment must be in [-1, 1], was " + sentiment);
        }
        if (category == null) {
            throw new IllegalArgumentException("category is required");
        }
        evidence = List.copyOf(evidence);
    }
}
