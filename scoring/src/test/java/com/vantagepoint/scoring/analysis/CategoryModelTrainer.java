package com.vantagepoint.scoring.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.zip.CRC32;

/**
 * Fits {@link CategoryModel} on development texts only: the varied corpus' development part, {@code dev.jsonl} and,
 * when present, {@code b2b-dev-extra.jsonl} (never the varied test part, never {@code transcripts-eval.jsonl}; the
 * categories of {@code general-dev.jsonl} mean nothing).
 *
 * <p>Multinomial logistic regression with an L2 penalty, fitted by a fixed number of L-BFGS steps from zero in a fixed
 * order, so the same data give the same weights. Words and pairs in fewer than {@link #MIN_TEXTS} texts are left out
 * (counted over all the texts, labels unseen). Everything else is chosen out of fold (10 folds by a hash of the id):
 * the penalty by the model's log-loss; the model's weight beside the taxonomy and general's floor by the combined
 * accuracy on the texts the taxonomy was not tuned on ({@link #selection}); the confidence temperature by the combined
 * log-loss there.
 *
 * <p>Usage: {@code CategoryModelTrainer [OUTPUT]} (or {@code scripts/train-category-model}); prints the out-of-fold
 * figures, and writes the resource when OUTPUT is given
 * (scoring/src/main/resources/com/vantagepoint/scoring/analysis/category_model.txt).
 */
public final class CategoryModelTrainer {
    /** Strongest first: among equally good penalties the simpler model is kept. */
    static final double[] PENALTIES = {1e-5, 3e-6, 1e-6, 3e-7, 1e-7, 3e-8, 1e-8};
    static final double[] MODEL_WEIGHTS = {0, 0.25, 0.5, 0.75, 1, 1.5, 2, 3, 4, 6};
    /** The taxonomy's own threshold first: another floor must do better to be chosen. */
    static final double[] GENERAL_FLOORS = {LocalAnalyzer.CATEGORY_THRESHOLD, 0.5, 1.0, 2.0, 2.5, 3.0};
    static final double[] TEMPERATURES = {0.5, 0.75, 1, 1.25, 1.5, 2, 2.5, 3, 4, 6};
    static final int FOLDS = 10;
    /** Enough to converge: 300 steps change the out-of-fold log-loss in the fourth decimal and no choice. */
    static final int ITERATIONS = 150;
    /** How many past steps L-BFGS estimates the curvature from. */
    static final int MEMORY = 10;
    /** A word or pair in fewer development texts is left out: its weight would describe one text, not a topic. */
    static final int MIN_TEXTS = 2;
    static final String EXTRA = "b2b-dev-extra.jsonl";
    /** The id prefix of {@link #EXTRA}'s texts, written after the taxonomy was tuned. */
    static final String FRESH = "dvx-";
    private static final int K = CategoryModel.CATEGORIES;

    /**
     * One training text as the analyzer reads it: its tokens, sorted feature indexes (a feature that occurs twice is
     * listed twice), their scale and the taxonomy weights.
     */
    record Example(String id, ComplaintCategory label, TextTokens tokens, int[] features, double scale, double[] cues) {
    }

    /** The examples and the feature keys their indexes stand for. */
    record Data(List<Example> examples, List<String> keys) {
    }

    /** The chosen settings and what they achieve out of fold. */
    record Choice(double penalty, CategoryModel.Combination combination, OutOfFold outOfFold) {
    }

    /**
     * Each example's log-probabilities from the model fitted on the other folds, and for each category whether one of
     * the example's features weighs for it there (the model's evidence).
     */
    record OutOfFold(double[][] logProbabilities, boolean[][] evidence) {
    }

    private CategoryModelTrainer() {
    }

    public static void main(String[] args) throws IOException {
        Data data = trainingData();
        Choice choice = choose(data);
        report(data, choice);
        String text = format(data, choice);
        System.out.printf(Locale.ROOT, "%d features kept, %d characters%n", text.lines().count(), text.length());
        if (args.length > 0) {
            Files.writeString(Path.of(args[0]), text, StandardCharsets.UTF_8);
        }
    }

    /** The resource text for the chosen settings: the model refitted on all the data, pruned of zero weights. */
    static String format(Data data, Choice choice) {
        double[] params = fit(data.examples(), data.keys().size(), choice.penalty());
        SortedMap<String, double[]> weights = new TreeMap<>();
        weights.put(CategoryModel.BIAS, Arrays.copyOfRange(params, data.keys().size() * K, params.length));
        for (int f = 0; f < data.keys().size(); f++) {
            double[] w = Arrays.copyOfRange(params, f * K, f * K + K);
            if (Arrays.stream(w).anyMatch(v -> !CategoryModel.formatWeight(v).equals("0"))) {
                weights.put(data.keys().get(f), w);
            }
        }
        return CategoryModel.format(header(data, choice), weights, choice.combination());
    }

    static String header(Data data, Choice choice) {
        Map<String, Integer> bySource = new TreeMap<>();
        data.examples().forEach(e -> bySource.merge(source(e.id()), 1, Integer::sum));
        return "# LocalAnalyzer's category model, written by CategoryModelTrainer (scoring/src/test): logistic regression on\n"
                + "# " + data.examples().size() + " development texts " + bySource + ", L2 penalty " + choice.penalty()
                + ",\n# combination (model weight, general floor, temperature) chosen out of fold.\n"
                + "# Do not edit by hand: retrain with scripts/train-category-model.\n";
    }

    /** The development texts with a meaningful category, their features and taxonomy weights as the analyzer computes them. */
    static Data trainingData() {
        List<EvalSet.Item> items = new ArrayList<>(EvalSet.Part.DEVELOPMENT.of(EvalSet.load("b2b-varied.jsonl")));
        items.addAll(EvalSet.load("dev.jsonl"));
        if (EvalSet.exists(EXTRA)) {
            items.addAll(EvalSet.load(EXTRA));
        }
        List<TextTokens> texts = items.stream().map(item -> TextTokens.of(MessageBody.of(item.text()))).toList();
        Map<String, Integer> textsWith = new HashMap<>();
        for (TextTokens tokens : texts) {
            Set<String> seen = new HashSet<>();
            CategoryModel.forEachFeature(tokens, (token, next) -> {
                seen.add(CategoryModel.key(tokens, token));
                if (next >= 0) {
                    seen.add(CategoryModel.pairKey(tokens, token, next));
                }
            });
            seen.forEach(key -> textsWith.merge(key, 1, Integer::sum));
        }
        List<String> keys = textsWith.entrySet().stream().filter(e -> e.getValue() >= MIN_TEXTS).map(Map.Entry::getKey)
                .sorted().toList();
        Map<String, Integer> index = new HashMap<>();
        keys.forEach(key -> index.put(key, index.size()));
        List<Example> examples = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            TextTokens tokens = texts.get(i);
            List<String> features = new ArrayList<>();
            CategoryModel.forEachFeature(tokens, (token, next) -> {
                features.add(CategoryModel.key(tokens, token));
                if (next >= 0) {
                    features.add(CategoryModel.pairKey(tokens, token, next));
                }
            });
            int[] sorted = features.stream().map(index::get).filter(Objects::nonNull).mapToInt(Integer::intValue).sorted()
                    .toArray();
            double scale = CategoryModel.scale(features.size());
            examples.add(new Example(items.get(i).id(), items.get(i).category(), tokens, sorted, scale,
                    LocalAnalyzer.cueScores(tokens, null)));
        }
        return new Data(examples, keys);
    }

    /** The penalty, the combination and the temperature, each chosen out of fold. */
    static Choice choose(Data data) {
        List<Example> examples = data.examples();
        double penalty = PENALTIES[0];
        OutOfFold bestFit = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        for (double p : PENALTIES) {
            OutOfFold fit = outOfFold(data, p);
            double loss = 0;
            for (int i = 0; i < examples.size(); i++) {
                loss -= fit.logProbabilities()[i][examples.get(i).label().ordinal()];
            }
            System.out.printf(Locale.ROOT, "penalty %s: out-of-fold log-loss %.4f%n", p, loss / examples.size());
            if (loss < bestLoss) {
                bestLoss = loss;
                penalty = p;
                bestFit = fit;
            }
        }
        double[][] outOfFold = bestFit.logProbabilities();
        List<Integer> selection = selection(examples);
        CategoryModel.Combination best = null;
        int bestCorrect = -1;
        for (double floor : GENERAL_FLOORS) {
            for (double weight : MODEL_WEIGHTS) {
                CategoryModel.Combination combination = new CategoryModel.Combination(weight, floor, 1);
                int correct = correct(examples, selection, outOfFold, combination);
                if (correct > bestCorrect) {
                    bestCorrect = correct;
                    best = combination;
                }
            }
        }
        double temperature = TEMPERATURES[0];
        double bestCombinedLoss = Double.POSITIVE_INFINITY;
        for (double t : TEMPERATURES) {
            CategoryModel.Combination combination = new CategoryModel.Combination(best.modelWeight(), best.generalFloor(), t);
            double loss = 0;
            for (int i : selection) {
                double[] score = CategoryModel.combine(examples.get(i).cues(), outOfFold[i], combination);
                loss -= StrictMath.log(CategoryModel.probability(score, examples.get(i).label().ordinal(), t));
            }
            if (loss < bestCombinedLoss) {
                bestCombinedLoss = loss;
                temperature = t;
            }
        }
        return new Choice(penalty, new CategoryModel.Combination(best.modelWeight(), best.generalFloor(), temperature),
                bestFit);
    }

    /**
     * The texts the combination is chosen on: those written after the taxonomy was tuned ({@link #FRESH}) when there
     * are any. The taxonomy was tuned on the other development texts, so there it is right nearly always and any weight
     * on the model looks like a loss; on texts new to both it is measured as it will meet new texts.
     */
    static List<Integer> selection(List<Example> examples) {
        List<Integer> fresh = new ArrayList<>();
        List<Integer> all = new ArrayList<>();
        for (int i = 0; i < examples.size(); i++) {
            all.add(i);
            if (examples.get(i).id().startsWith(FRESH)) {
                fresh.add(i);
            }
        }
        return fresh.isEmpty() ? all : fresh;
    }

    static int correct(List<Example> examples, List<Integer> selection, double[][] logProbabilities,
            CategoryModel.Combination combination) {
        int correct = 0;
        for (int i : selection) {
            double[] score = CategoryModel.combine(examples.get(i).cues(), logProbabilities[i], combination);
            if (CategoryModel.best(score) == examples.get(i).label().ordinal()) {
                correct++;
            }
        }
        return correct;
    }

    static OutOfFold outOfFold(Data data, double penalty) {
        List<Example> examples = data.examples();
        int featureCount = data.keys().size();
        double[][] logProbabilities = new double[examples.size()][];
        boolean[][] evidence = new boolean[examples.size()][K];
        for (int fold = 0; fold < FOLDS; fold++) {
            int held = fold;
            double[] params = fit(examples.stream().filter(e -> fold(e.id()) != held).toList(), featureCount, penalty);
            for (int i = 0; i < examples.size(); i++) {
                Example e = examples.get(i);
                if (fold(e.id()) != fold) {
                    continue;
                }
                logProbabilities[i] = CategoryModel.logSoftmax(logits(params, e, featureCount));
                for (int f : e.features()) {
                    evidence[i][favoured(params, f)] = true;
                }
            }
        }
        return new OutOfFold(logProbabilities, evidence);
    }

    /** The category a feature weighs for most (its evidence, as {@link CategoryModel#evidence} reads it). */
    private static int favoured(double[] params, int feature) {
        return CategoryModel.best(Arrays.copyOfRange(params, feature * K, feature * K + K));
    }

    static int fold(String id) {
        CRC32 crc = new CRC32();
        crc.update(("fold:" + id).getBytes(StandardCharsets.UTF_8));
        return (int) (crc.getValue() % FOLDS);
    }

    private static String source(String id) {
        return id.substring(0, id.indexOf('-'));
    }

    /**
     * Per-feature weights ({@code f * K + c}) followed by the K biases: {@link #ITERATIONS} steps of L-BFGS (the last
     * {@link #MEMORY} steps' curvature, step halved until the loss falls enough) from zero.
     */
    static double[] fit(List<Example> examples, int featureCount, double penalty) {
        int size = featureCount * K + K;
        double[] weights = new double[size];
        double[] gradient = new double[size];
        double loss = lossAndGradient(examples, weights, featureCount, penalty, gradient);
        List<double[]> steps = new ArrayList<>();
        List<double[]> gradientChanges = new ArrayList<>();
        double[] next = new double[size];
        double[] nextGradient = new double[size];
        for (int iteration = 0; iteration < ITERATIONS; iteration++) {
            double[] direction = searchDirection(gradient, steps, gradientChanges);
            double slope = dot(gradient, direction);
            if (slope >= 0) {
                break; // converged to rounding: no direction lowers the loss
            }
            double step = steps.isEmpty() ? 1 / Math.sqrt(dot(gradient, gradient)) : 1;
            double nextLoss;
            while (true) {
                for (int p = 0; p < size; p++) {
                    next[p] = weights[p] + step * direction[p];
                }
                nextLoss = lossAndGradient(examples, next, featureCount, penalty, nextGradient);
                if (nextLoss <= loss + 1e-4 * step * slope || step < 1e-10) {
                    break;
                }
                step /= 2;
            }
            double[] moved = new double[size];
            double[] gradientChange = new double[size];
            for (int p = 0; p < size; p++) {
                moved[p] = next[p] - weights[p];
                gradientChange[p] = nextGradient[p] - gradient[p];
            }
            if (dot(moved, gradientChange) > 1e-12) {
                steps.add(moved);
                gradientChanges.add(gradientChange);
                if (steps.size() > MEMORY) {
                    steps.remove(0);
                    gradientChanges.remove(0);
                }
            }
            System.arraycopy(next, 0, weights, 0, size);
            System.arraycopy(nextGradient, 0, gradient, 0, size);
            loss = nextLoss;
        }
        return weights;
    }

    /** L-BFGS's two-loop recursion: minus the gradient times the inverse Hessian the remembered steps estimate. */
    private static double[] searchDirection(double[] gradient, List<double[]> steps, List<double[]> gradientChanges) {
        double[] q = gradient.clone();
        int m = steps.size();
        double[] alpha = new double[m];
        for (int j = m - 1; j >= 0; j--) {
            alpha[j] = dot(steps.get(j), q) / dot(gradientChanges.get(j), steps.get(j));
            axpy(-alpha[j], gradientChanges.get(j), q);
        }
        if (m > 0) {
            double[] y = gradientChanges.get(m - 1);
            double scale = dot(steps.get(m - 1), y) / dot(y, y);
            for (int p = 0; p < q.length; p++) {
                q[p] *= scale;
            }
        }
        for (int j = 0; j < m; j++) {
            double beta = dot(gradientChanges.get(j), q) / dot(gradientChanges.get(j), steps.get(j));
            axpy(alpha[j] - beta, steps.get(j), q);
        }
        for (int p = 0; p < q.length; p++) {
            q[p] = -q[p];
        }
        return q;
    }

    private static double dot(double[] a, double[] b) {
        double sum = 0;
        for (int p = 0; p < a.length; p++) {
            sum += a[p] * b[p];
        }
        return sum;
    }

    private static void axpy(double factor, double[] x, double[] y) {
        for (int p = 0; p < y.length; p++) {
            y[p] += factor * x[p];
        }
    }

    /**
     * The mean cross-entropy plus penalty/2 x the squared feature weights (the biases go unpenalised); its gradient goes
     * to {@code gradient}.
     */
    private static double lossAndGradient(List<Example> examples, double[] params, int featureCount, double penalty,
            double[] gradient) {
        Arrays.fill(gradient, 0);
        double n = examples.size();
        double loss = 0;
        for (Example e : examples) {
            double[] p = CategoryModel.logSoftmax(logits(params, e, featureCount));
            int label = e.label().ordinal();
            loss -= p[label] / n;
            for (int c = 0; c < K; c++) {
                p[c] = (StrictMath.exp(p[c]) - (label == c ? 1 : 0)) / n;
                gradient[featureCount * K + c] += p[c];
            }
            for (int f : e.features()) {
                for (int c = 0; c < K; c++) {
                    gradient[f * K + c] += e.scale() * p[c];
                }
            }
        }
        for (int p = 0; p < featureCount * K; p++) {
            loss += 0.5 * penalty * params[p] * params[p];
            gradient[p] += penalty * params[p];
        }
        return loss;
    }

    static double[] logits(double[] params, Example e, int featureCount) {
        double[] z = Arrays.copyOfRange(params, featureCount * K, featureCount * K + K);
        for (int f : e.features()) {
            for (int c = 0; c < K; c++) {
                z[c] += e.scale() * params[f * K + c];
            }
        }
        return z;
    }

    /** Out-of-fold accuracy of the taxonomy alone, the model alone and both, per source, and by confidence. */
    static void report(Data data, Choice choice) {
        List<Example> examples = data.examples();
        double[][] outOfFold = choice.outOfFold().logProbabilities();
        CategoryModel.Combination taxonomyAlone = new CategoryModel.Combination(0, LocalAnalyzer.CATEGORY_THRESHOLD, 1);
        System.out.printf(Locale.ROOT, "penalty %s, model weight %s, general floor %s, temperature %s%n", choice.penalty(),
                choice.combination().modelWeight(), choice.combination().generalFloor(), choice.combination().temperature());
        Map<String, int[]> counts = new TreeMap<>(); // taxonomy, model, combined, total
        int[][] buckets = new int[CONFIDENCE_BUCKETS.length][2]; // correct, total
        for (int i = 0; i < examples.size(); i++) {
            Example e = examples.get(i);
            int label = e.label().ordinal();
            double[] combined = CategoryModel.combine(e.cues(), outOfFold[i], choice.combination());
            int best = CategoryModel.best(combined);
            for (String set : new String[] {"all", source(e.id())}) {
                int[] c = counts.computeIfAbsent(set, k -> new int[4]);
                c[0] += CategoryModel.best(CategoryModel.combine(e.cues(), outOfFold[i], taxonomyAlone)) == label ? 1 : 0;
                c[1] += CategoryModel.best(outOfFold[i]) == label ? 1 : 0;
                c[2] += best == label ? 1 : 0;
                c[3]++;
            }
            boolean evidence = e.cues()[best] > 0 || choice.outOfFold().evidence()[i][best];
            double confidence = LocalAnalyzer.categoryConfidence(combined, best, choice.combination(), evidence);
            int b = 0;
            while (b + 1 < CONFIDENCE_BUCKETS.length && confidence >= CONFIDENCE_BUCKETS[b + 1]) {
                b++;
            }
            buckets[b][0] += best == label ? 1 : 0;
            buckets[b][1]++;
        }
        counts.forEach((set, c) -> System.out.printf(Locale.ROOT,
                "  %-4s %4d texts: out-of-fold accuracy taxonomy alone %.3f, model alone %.3f, combined %.3f%n", set, c[3],
                (double) c[0] / c[3], (double) c[1] / c[3], (double) c[2] / c[3]));
        for (int b = 0; b < buckets.length; b++) {
            System.out.printf(Locale.ROOT, "  confidence from %.2f: %3d/%3d = %.3f%n", CONFIDENCE_BUCKETS[b], buckets[b][0],
                    buckets[b][1], (double) buckets[b][0] / buckets[b][1]);
        }
    }

    /** Lower bounds of the confidence buckets reported: the fallback's (at most 0.2), low, middling, high. */
    private static final double[] CONFIDENCE_BUCKETS = {0, 0.201, 0.5, 0.8};
}
