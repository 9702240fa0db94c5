package com.vantagepoint.scoring.analysis;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * How strongly a text means what the rules say it means: a ridge regression, trained on the labelled development
 * texts, of the human sentiment on the rules' score and on which light stems and stem pairs the writer's own words
 * contain ("every single week", "out of patience", "minor", "nuisance"). The rules keep the sign and the neutral band;
 * the regression gives the magnitude, which the lexicon alone gets wrong (a furious complaint and a mild one both read
 * about -0.4, anything satisfied about +0.65).
 *
 * <p>Weights are in {@code sentiment_intensity.txt}, written by {@code scripts/train-sentiment-intensity}
 * (SentimentIntensityTrainer); never edit them by hand, a test retrains and compares.
 */
final class SentimentIntensity {
    static final String RESOURCE = "sentiment_intensity.txt";
    static final String INTERCEPT = "<intercept>";
    static final String RULES_SCORE = "<rules>";
    /** The lowest magnitude of a polar text: just outside the neutral band, for a text whose strength the model doubts. */
    static final double WEAKEST_POLAR = TranscriptAnalysis.NEUTRAL_BAND + 0.01;

    private final double intercept;
    private final double rulesWeight;
    /** Weights by first stem, pairs under it by second stem: a text is scored without building its feature strings. */
    private final Map<String, Feature> stems = new HashMap<>();

    /** One stem's weight (if it is a feature) and its pairs; ids tell a feature seen twice in a text. */
    private static final class Feature {
        int id = -1;
        double weight;
        Map<String, Feature> pairs;
    }

    /** A model from feature keys ("stem" or "stem stem") to weights. */
    SentimentIntensity(double intercept, double rulesWeight, Map<String, Double> features) {
        this.intercept = intercept;
        this.rulesWeight = rulesWeight;
        int[] ids = {0};
        features.forEach((key, w) -> {
            int space = key.indexOf(' ');
            Feature stem = stems.computeIfAbsent(space < 0 ? key : key.substring(0, space), k -> new Feature());
            Feature feature = stem;
            if (space >= 0) {
                if (stem.pairs == null) {
                    stem.pairs = new HashMap<>();
                }
                feature = stem.pairs.computeIfAbsent(key.substring(space + 1), k -> new Feature());
            }
            feature.id = ids[0]++;
            feature.weight = w;
        });
    }

    static SentimentIntensity load() {
        Map<String, Double> weights = new HashMap<>();
        AnalyzerResources.readLines(RESOURCE, fields -> weights.put(fields[0], Double.parseDouble(fields[1])));
        Double intercept = weights.remove(INTERCEPT);
        Double rules = weights.remove(RULES_SCORE);
        if (intercept == null || rules == null) {
            throw new IllegalStateException(RESOURCE + " lacks " + INTERCEPT + " or " + RULES_SCORE);
        }
        return new SentimentIntensity(intercept, rules, weights);
    }

    /** The features of a text: its distinct stems and adjacent stem pairs ("out of", "of patience"). */
    static Set<String> features(TextTokens t) {
        Set<String> out = new HashSet<>(t.size * 2);
        for (int i = 0; i < t.size; i++) {
            out.add(t.stem[i]);
            if (i + 1 < t.size) {
                out.add(t.stem[i] + ' ' + t.stem[i + 1]);
            }
        }
        return out;
    }

    /** The regression's estimate of the human sentiment: each of {@link #features} the model weighs, counted once. */
    double predict(TextTokens t, double rulesScore) {
        double sum = intercept + rulesWeight * rulesScore;
        int[] seen = new int[2 * t.size]; // ids counted so far: a text has at most a stem and a pair per token
        int count = 0;
        for (int i = 0; i < t.size; i++) {
            Feature stem = stems.get(t.stem[i]);
            if (stem == null) {
                continue;
            }
            if (isNew(stem, seen, count)) {
                seen[count++] = stem.id;
                sum += stem.weight;
            }
            Feature pair = i + 1 < t.size && stem.pairs != null ? stem.pairs.get(t.stem[i + 1]) : null;
            if (pair != null && isNew(pair, seen, count)) {
                seen[count++] = pair.id;
                sum += pair.weight;
            }
        }
        return sum;
    }

    /** Whether a feature the model weighs is not among the {@code count} ids counted so far. */
    private static boolean isNew(Feature f, int[] counted, int count) {
        if (f.id < 0) {
            return false;
        }
        for (int k = 0; k < count; k++) {
            if (counted[k] == f.id) {
                return false;
            }
        }
        return true;
    }

    /**
     * The published score: neutral stays as the rules read it; a polar text keeps the rules' sign with the regression's
     * magnitude, or the weakest polar magnitude when the regression leans the other way.
     */
    double apply(TextTokens t, double rulesScore) {
        if (Math.abs(rulesScore) <= TranscriptAnalysis.NEUTRAL_BAND) {
            return rulesScore;
        }
        double estimate = predict(t, rulesScore);
        double magnitude = Math.signum(estimate) == Math.signum(rulesScore) ? Math.min(1.0, Math.abs(estimate)) : 0;
        return Math.copySign(Math.max(WEAKEST_POLAR, magnitude), rulesScore);
    }
}
