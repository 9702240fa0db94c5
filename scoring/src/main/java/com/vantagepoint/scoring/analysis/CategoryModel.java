package com.vantagepoint.scoring.analysis;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * The learned half of {@link LocalAnalyzer}'s category: multinomial logistic regression over the light stems of the
 * writer's own words and the pairs of adjacent stems within a sentence, and how its log-probabilities join the
 * taxonomy's weights. The taxonomy knows the explicit cues ("invoice", "SSO"); the model also weighs words it never
 * listed ("it can be an hour before anything shows up") and how the words of a text add up.
 *
 * <p>A text's feature values are its stem and pair counts scaled by {@link #scale}. Looking a text up costs one hash
 * lookup per stem and two per pair.
 *
 * <p>The weights and the combination ({@code category_model.txt}) are written by {@code CategoryModelTrainer}
 * (scoring/src/test) from development texts only; {@code CategoryModelTest} retrains and fails when the committed file
 * differs.
 */
final class CategoryModel {
    static final String RESOURCE = "category_model.txt";
    static final String BIAS = "<bias>";
    static final int FEWEST_FEATURES = 10;
    private static final ComplaintCategory[] ALL = ComplaintCategory.values();
    static final int CATEGORIES = ALL.length;
    private static final int GENERAL = ComplaintCategory.GENERAL.ordinal();

    static final CategoryModel INSTANCE = load();

    /**
     * How the model joins the taxonomy: score = taxonomy weight + {@code modelWeight} x log-probability, where general's
     * taxonomy weight is at least {@code generalFloor} (the taxonomy alone is modelWeight 0 with the floor at
     * {@link LocalAnalyzer#CATEGORY_THRESHOLD}); the confidence is the softmax of the scores divided by
     * {@code temperature}.
     */
    record Combination(double modelWeight, double generalFloor, double temperature) {
    }

    /**
     * Receives each token that is a feature (by index) with the next one of its sentence, -1 if there is none: the
     * token's stem is a feature, and so is the pair of the two stems.
     */
    interface FeatureVisitor {
        void accept(int token, int next);
    }

    /** The weights of one stem as a feature of its own (null when pruned) and of the pairs it opens. */
    private static final class StemWeights {
        double[] weights;
        Map<String, double[]> pairs;
    }

    private final double[] bias;
    private final Map<String, StemWeights> stems = new HashMap<>();
    private final Combination combination;

    /** A model from feature keys ("stem" or "stem stem") to per-category weights, bias under {@link #BIAS}. */
    CategoryModel(Map<String, double[]> weights, Combination combination) {
        this.bias = weights.get(BIAS).clone();
        this.combination = combination;
        weights.forEach((key, w) -> {
            if (key.equals(BIAS)) {
                return;
            }
            int space = key.indexOf(' ');
            StemWeights stem = stems.computeIfAbsent(space < 0 ? key : key.substring(0, space), k -> new StemWeights());
            if (space < 0) {
                stem.weights = w.clone();
            } else {
                if (stem.pairs == null) {
                    stem.pairs = new HashMap<>();
                }
                stem.pairs.put(key.substring(space + 1), w.clone());
            }
        });
    }

    Combination combination() {
        return combination;
    }

    /**
     * Visits the features of a text: each stem, and the pair it makes with the next stem of the same sentence. Numbers
     * are left out: an invoice or ticket number says nothing about a topic.
     */
    static void forEachFeature(TextTokens t, FeatureVisitor visitor) {
        for (int i = 0; i < t.size; i++) {
            if (!isNumber(t.stem[i])) {
                boolean pair = i + 1 < t.size && t.sentence[i + 1] == t.sentence[i] && !isNumber(t.stem[i + 1]);
                visitor.accept(i, pair ? i + 1 : -1);
            }
        }
    }

    /** The training key of a stem. */
    static String key(TextTokens t, int token) {
        return t.stem[token];
    }

    /** The training key of a pair: the two stems joined by a space. */
    static String pairKey(TextTokens t, int token, int next) {
        return t.stem[token] + ' ' + t.stem[next];
    }

    private static boolean isNumber(String stem) {
        for (int i = 0; i < stem.length(); i++) {
            char c = stem.charAt(i);
            if (!Character.isDigit(c) && c != '.' && c != ',') {
                return false;
            }
        }
        return true;
    }

    /** The model's log-probability of each category for a text, in {@link ComplaintCategory} order. */
    double[] logProbabilities(TextTokens t) {
        double[] sum = new double[CATEGORIES];
        int[] features = new int[1];
        forEachFeature(t, (token, next) -> {
            features[0] += next < 0 ? 1 : 2;
            StemWeights stem = stems.get(t.stem[token]);
            if (stem != null) {
                add(stem.weights, sum);
                if (next >= 0 && stem.pairs != null) {
                    add(stem.pairs.get(t.stem[next]), sum);
                }
            }
        });
        double scale = scale(features[0]);
        for (int c = 0; c < CATEGORIES; c++) {
            sum[c] = bias[c] + scale * sum[c];
        }
        return logSoftmax(sum);
    }

    /**
     * What each feature of a text with {@code features} features counts: 1 / sqrt of their number, so a long text does
     * not outvote a short one, but no more than in a text of {@link #FEWEST_FEATURES}: a word or two ("Yes.",
     * "Received.") is too little to name a topic by.
     */
    static double scale(int features) {
        return 1 / Math.sqrt(Math.max(features, FEWEST_FEATURES));
    }

    private static void add(double[] weights, double[] sum) {
        if (weights != null) {
            for (int c = 0; c < CATEGORIES; c++) {
                sum[c] += weights[c];
            }
        }
    }

    /**
     * The spans of up to {@code max} features that favour {@code category} most over every other category, strongest
     * first: the evidence when the model found a category that no taxonomy phrase names. A frequent word that weighs
     * for several categories ("the") favours none and is left out.
     */
    List<String> evidence(TextTokens t, ComplaintCategory category, int max) {
        List<int[]> spans = new ArrayList<>(); // first and last token
        List<Double> margins = new ArrayList<>();
        forEachFeature(t, (token, next) -> {
            StemWeights stem = stems.get(t.stem[token]);
            if (stem == null) {
                return;
            }
            rank(new int[] {token, token}, stem.weights, category, max, spans, margins);
            if (next >= 0 && stem.pairs != null) {
                rank(new int[] {token, next}, stem.pairs.get(t.stem[next]), category, max, spans, margins);
            }
        });
        List<String> evidence = new ArrayList<>(max);
        for (int[] span : spans) {
            String text = t.text.substring(t.start[span[0]], t.end[span[1]]);
            if (!evidence.contains(text)) {
                evidence.add(text);
            }
        }
        return evidence;
    }

    /** Inserts a span into the {@code max} spans whose weights favour the category most, if it favours it at all. */
    private static void rank(int[] span, double[] weights, ComplaintCategory category, int max, List<int[]> spans,
            List<Double> margins) {
        if (weights == null) {
            return;
        }
        int c = category.ordinal();
        double margin = Double.POSITIVE_INFINITY;
        for (int other = 0; other < CATEGORIES; other++) {
            if (other != c) {
                margin = Math.min(margin, weights[c] - weights[other]);
            }
        }
        if (margin <= 0) {
            return;
        }
        int at = 0;
        while (at < margins.size() && margins.get(at) >= margin) {
            at++;
        }
        if (at < max) {
            spans.add(at, span);
            margins.add(at, margin);
            if (spans.size() > max) {
                spans.remove(max);
                margins.remove(max);
            }
        }
    }

    /** Taxonomy weight, general's raised to the floor, plus the model's weighted log-probability. */
    static double[] combine(double[] cues, double[] logProbability, Combination combination) {
        double[] score = new double[CATEGORIES];
        for (int c = 0; c < CATEGORIES; c++) {
            double cue = c == GENERAL ? Math.max(cues[c], combination.generalFloor()) : cues[c];
            score[c] = cue + combination.modelWeight() * logProbability[c];
        }
        return score;
    }

    /** The highest score; a tie goes to the category listed first, so general (listed last) only wins outright. */
    static int best(double[] score) {
        int best = 0;
        for (int c = 1; c < score.length; c++) {
            if (score[c] > score[best]) {
                best = c;
            }
        }
        return best;
    }

    /** The softmax probability of {@code category} among the scores divided by the temperature. */
    static double probability(double[] score, int category, double temperature) {
        double max = score[best(score)];
        double total = 0;
        for (double s : score) {
            total += StrictMath.exp((s - max) / temperature);
        }
        return StrictMath.exp((score[category] - max) / temperature) / total;
    }

    /**
     * log(softmax(z)). StrictMath here and in {@link #probability}: training goes through them, and the committed
     * weights must come out the same on every machine (Math.exp may differ in the last bit between CPUs).
     */
    static double[] logSoftmax(double[] z) {
        double max = z[0];
        for (double v : z) {
            max = Math.max(max, v);
        }
        double total = 0;
        for (double v : z) {
            total += StrictMath.exp(v - max);
        }
        double log = max + StrictMath.log(total);
        double[] out = new double[z.length];
        for (int c = 0; c < z.length; c++) {
            out[c] = z[c] - log;
        }
        return out;
    }

    /**
     * The resource text: the header, the combination line, a column line, then one line per feature (bias first, then
     * by key) with its weight for each category in {@link ComplaintCategory} order.
     */
    static String format(String header, SortedMap<String, double[]> weights, Combination combination) {
        StringBuilder sb = new StringBuilder(header);
        sb.append("combination\t").append(combination.modelWeight()).append('\t').append(combination.generalFloor())
                .append('\t').append(combination.temperature()).append('\n');
        sb.append("# feature");
        for (ComplaintCategory c : ALL) {
            sb.append('\t').append(c.label());
        }
        sb.append('\n');
        appendWeights(sb, BIAS, weights.get(BIAS));
        weights.forEach((key, w) -> {
            if (!key.equals(BIAS)) {
                appendWeights(sb, key, w);
            }
        });
        return sb.toString();
    }

    private static void appendWeights(StringBuilder sb, String key, double[] w) {
        sb.append(key);
        for (double v : w) {
            sb.append('\t').append(formatWeight(v));
        }
        sb.append('\n');
    }

    /** Two decimals, trailing zeros dropped ("0.25", "-1.5", "0"): the file stays small and readable. */
    static String formatWeight(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("\\.?0+$", "");
        return s.equals("-0") ? "0" : s;
    }

    static CategoryModel parse(BufferedReader reader) throws IOException {
        Map<String, double[]> weights = new HashMap<>();
        Combination combination = null;
        String line;
        while ((line = reader.readLine()) != null) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\t");
            if (fields[0].equals("combination")) {
                combination = new Combination(Double.parseDouble(fields[1]), Double.parseDouble(fields[2]),
                        Double.parseDouble(fields[3]));
                continue;
            }
            if (fields.length != CATEGORIES + 1) {
                throw new IllegalStateException(RESOURCE + ": expected " + CATEGORIES + " weights: " + line);
            }
            double[] w = new double[CATEGORIES];
            for (int c = 0; c < CATEGORIES; c++) {
                w[c] = Double.parseDouble(fields[c + 1]);
            }
            weights.put(fields[0], w);
        }
        if (combination == null || !weights.containsKey(BIAS)) {
            throw new IllegalStateException(RESOURCE + " has no combination or bias line");
        }
        return new CategoryModel(weights, combination);
    }

    private static CategoryModel load() {
        try (InputStream in = CategoryModel.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing analyzer resource " + RESOURCE);
            }
            return parse(new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read analyzer resource " + RESOURCE, e);
        }
    }
}
