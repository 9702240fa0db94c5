package com.vantagepoint.scoring.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Fits {@link SentimentIntensity} on the development texts only — the varied corpus' development part,
 * {@code dev.jsonl}, {@code b2b-dev-extra.jsonl} and {@code general-dev.jsonl}; never the varied test part or
 * {@code transcripts-eval.jsonl} — and
 * writes its weights file. Ridge regression with an unpenalised intercept, solved exactly (no randomness), so the same
 * rules and texts give the same file byte for byte. Usage: {@code SentimentIntensityTrainer OUT}, which also prints the
 * cross-writer check: trained on all development sources but one, measured on that one.
 */
public final class SentimentIntensityTrainer {
    /** Ridge strength and the fewest training texts a feature must occur in, chosen by the cross-writer check. */
    static final double RIDGE = 30;
    static final int MIN_TEXTS = 5;
    /** Weights smaller than this are left out of the file (they move no score by a rounding step). */
    static final double SMALLEST_WEIGHT = 0.0005;

    private SentimentIntensityTrainer() {
    }

    static List<EvalSet.Item> developmentTexts() {
        List<EvalSet.Item> items = new ArrayList<>(EvalSet.Part.DEVELOPMENT.of(EvalSet.load("b2b-varied.jsonl")));
        items.addAll(EvalSet.load("dev.jsonl"));
        items.addAll(EvalSet.load("b2b-dev-extra.jsonl"));
        items.addAll(EvalSet.load("general-dev.jsonl"));
        return items;
    }

    /** The weights file fitted on these texts. */
    static String weightsFile(LocalAnalyzer analyzer, List<EvalSet.Item> items) {
        Map<String, Double> weights = fit(analyzer, items);
        StringBuilder out = new StringBuilder();
        out.append("# SentimentIntensity weights: ridge regression of the human sentiment on the rules' score (")
                .append(SentimentIntensity.RULES_SCORE).append(") and the presence of light stems and stem pairs.\n")
                .append("# Written by scripts/train-sentiment-intensity from ").append(items.size())
                .append(" development texts (ridge ").append(RIDGE).append(", features in at least ").append(MIN_TEXTS)
                .append(" texts); do not edit by hand.\n");
        weights.forEach((feature, w) -> {
            boolean fixed = feature.equals(SentimentIntensity.INTERCEPT) || feature.equals(SentimentIntensity.RULES_SCORE);
            if (fixed || Math.abs(w) >= SMALLEST_WEIGHT) {
                out.append(feature).append('\t').append(String.format(Locale.ROOT, "%.4f", w)).append('\n');
            }
        });
        return out.toString();
    }

    /** Feature name to weight, the intercept and the rules' weight under their reserved names; sorted by name. */
    static Map<String, Double> fit(LocalAnalyzer analyzer, List<EvalSet.Item> items) {
        int n = items.size();
        List<Set<String>> present = new ArrayList<>(n);
        double[] rules = new double[n];
        Map<String, Integer> textsWith = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            String text = items.get(i).text();
            rules[i] = analyzer.rulesSentiment(text);
            Set<String> features = SentimentIntensity.features(TextTokens.of(MessageBody.of(text)));
            present.add(features);
            features.forEach(f -> textsWith.merge(f, 1, Integer::sum));
        }
        List<String> vocabulary = new ArrayList<>();
        textsWith.forEach((f, count) -> {
            if (count >= MIN_TEXTS) {
                vocabulary.add(f);
            }
        });
        Map<String, Integer> column = new HashMap<>();
        for (int j = 0; j < vocabulary.size(); j++) {
            column.put(vocabulary.get(j), j + 1);
        }
        int p = vocabulary.size() + 1; // column 0: the rules' score
        double[][] x = new double[n][p];
        for (int i = 0; i < n; i++) {
            x[i][0] = rules[i];
            for (String f : present.get(i)) {
                Integer j = column.get(f);
                if (j != null) {
                    x[i][j] = 1;
                }
            }
        }
        double[] y = items.stream().mapToDouble(EvalSet.Item::sentiment).toArray();
        double[] mean = new double[p];
        for (double[] row : x) {
            for (int j = 0; j < p; j++) {
                mean[j] += row[j] / n;
            }
        }
        double yMean = 0;
        for (double v : y) {
            yMean += v / n;
        }
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                x[i][j] -= mean[j];
            }
            y[i] -= yMean;
        }
        // Dual form: (X X' + ridge I) c = y, w = X' c — n x n instead of p x p.
        double[][] gram = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k <= i; k++) {
                double dot = 0;
                for (int j = 0; j < p; j++) {
                    dot += x[i][j] * x[k][j];
                }
                gram[i][k] = dot;
                gram[k][i] = dot;
            }
            gram[i][i] += RIDGE;
        }
        double[] c = solveSymmetricPositive(gram, y);
        double[] w = new double[p];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < p; j++) {
                w[j] += x[i][j] * c[i];
            }
        }
        double intercept = yMean;
        for (int j = 0; j < p; j++) {
            intercept -= mean[j] * w[j];
        }
        Map<String, Double> weights = new TreeMap<>();
        weights.put(SentimentIntensity.INTERCEPT, intercept);
        weights.put(SentimentIntensity.RULES_SCORE, w[0]);
        for (int j = 1; j < p; j++) {
            weights.put(vocabulary.get(j - 1), w[j]);
        }
        return weights;
    }

    /** Cholesky: a = L L', then two triangular solves. */
    private static double[] solveSymmetricPositive(double[][] a, double[] b) {
        int n = b.length;
        double[][] l = new double[n][];
        for (int i = 0; i < n; i++) {
            l[i] = new double[i + 1];
            for (int j = 0; j <= i; j++) {
                double sum = a[i][j];
                for (int k = 0; k < j; k++) {
                    sum -= l[i][k] * l[j][k];
                }
                l[i][j] = i == j ? Math.sqrt(sum) : sum / l[j][j];
            }
        }
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double sum = b[i];
            for (int k = 0; k < i; k++) {
                sum -= l[i][k] * z[k];
            }
            z[i] = sum / l[i][i];
        }
        double[] out = new double[n];
        for (int i = n - 1; i >= 0; i--) {
            double sum = z[i];
            for (int k = i + 1; k < n; k++) {
                sum -= l[k][i] * out[k];
            }
            out[i] = sum / l[i][i];
        }
        return out;
    }

    private static final List<String> SOURCES = List.of("varied corpus (development part)", "b2b-dev-extra", "dev.jsonl",
            "general-dev");

    private static String source(EvalSet.Item item) {
        String id = item.id();
        return SOURCES.get(id.startsWith("var-") ? 0 : id.startsWith("dvx-") ? 1 : id.startsWith("gen") ? 3 : 2);
    }

    /**
     * Trained on the other development sources, the r and polarity agreement on each one: rules alone vs with the step
     * where the analyzer applies it (business texts).
     */
    static void printCrossWriterCheck(LocalAnalyzer analyzer, List<EvalSet.Item> items) {
        for (String held : SOURCES) {
            List<EvalSet.Item> train = items.stream().filter(i -> !source(i).equals(held)).toList();
            List<EvalSet.Item> check = items.stream().filter(i -> source(i).equals(held)).toList();
            Map<String, Double> w = new HashMap<>(fit(analyzer, train));
            SentimentIntensity model = new SentimentIntensity(w.remove(SentimentIntensity.INTERCEPT),
                    w.remove(SentimentIntensity.RULES_SCORE), w);
            double[] labels = check.stream().mapToDouble(EvalSet.Item::sentiment).toArray();
            double[] before = new double[labels.length];
            double[] after = new double[labels.length];
            int agreeBefore = 0;
            int agreeAfter = 0;
            for (int i = 0; i < labels.length; i++) {
                String text = check.get(i).text();
                before[i] = analyzer.rulesSentiment(text);
                after[i] = analyzer.isBusinessText(text) ? model.apply(TextTokens.of(MessageBody.of(text)), before[i]) : before[i];
                EvalSet.Polarity truth = EvalSet.Polarity.of(labels[i]);
                agreeBefore += EvalSet.Polarity.of(before[i]) == truth ? 1 : 0;
                agreeAfter += EvalSet.Polarity.of(after[i]) == truth ? 1 : 0;
            }
            System.out.printf(Locale.ROOT, "held out %-34s %3d texts: r %.3f -> %.3f, polarity %.3f -> %.3f%n", held,
                    labels.length, EvalSet.pearson(before, labels), EvalSet.pearson(after, labels),
                    (double) agreeBefore / labels.length, (double) agreeAfter / labels.length);
        }
    }

    public static void main(String[] args) throws IOException {
        LocalAnalyzer analyzer = new LocalAnalyzer();
        List<EvalSet.Item> items = developmentTexts();
        printCrossWriterCheck(analyzer, items);
        Files.writeString(Path.of(args[0]), weightsFile(analyzer, items), StandardCharsets.UTF_8);
    }
}
