package com.vantagepoint.scoring.analysis;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The committed category model is the one the training command produces from the development data, and it helps. */
class CategoryModelTest {
    private static CategoryModelTrainer.Data data;
    private static CategoryModelTrainer.Choice choice;

    @BeforeAll
    static void train() {
        data = CategoryModelTrainer.trainingData();
        choice = CategoryModelTrainer.choose(data);
    }

    @Test
    void committedModelIsReproducibleFromTheDevelopmentData() throws IOException {
        String committed;
        try (InputStream in = CategoryModel.class.getResourceAsStream(CategoryModel.RESOURCE)) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertEquals(CategoryModelTrainer.format(data, choice), committed, "retrain: scripts/train-category-model");
    }

    @Test
    void theAnalyzerReadsEveryTextAsTheTrainerDid() {
        int features = data.keys().size();
        double[] weights = Arrays.stream(CategoryModelTrainer.fit(data.examples(), features, choice.penalty()))
                .map(w -> Double.parseDouble(CategoryModel.formatWeight(w))).toArray(); // as written to the resource
        for (CategoryModelTrainer.Example e : data.examples()) {
            double[] trained = CategoryModel.logSoftmax(CategoryModelTrainer.logits(weights, e, features));
            assertArrayEquals(trained, CategoryModel.INSTANCE.logProbabilities(e.tokens()), 1e-9, e.id());
        }
    }

    @Test
    void trainingNeverSeesHeldOutTexts() {
        List<String> ids = data.examples().stream().map(CategoryModelTrainer.Example::id).toList();
        for (EvalSet.Item item : EvalSet.Part.TEST.of(EvalSet.load("b2b-varied.jsonl"))) {
            assertFalse(ids.contains(item.id()), "varied test-part text in training: " + item.id());
        }
        for (EvalSet.Item item : EvalSet.load("transcripts-eval.jsonl")) {
            assertFalse(ids.contains(item.id()), "evaluation text in training: " + item.id());
        }
    }

    @Test
    void theCombinationBeatsTheTaxonomyAloneOnTextsItWasNotFittedOn() {
        List<CategoryModelTrainer.Example> examples = data.examples();
        List<Integer> selection = CategoryModelTrainer.selection(examples);
        CategoryModel.Combination taxonomyAlone = new CategoryModel.Combination(0, LocalAnalyzer.CATEGORY_THRESHOLD, 1);
        int combined = CategoryModelTrainer.correct(examples, selection, choice.outOfFold().logProbabilities(), choice.combination());
        int taxonomy = CategoryModelTrainer.correct(examples, selection, choice.outOfFold().logProbabilities(), taxonomyAlone);
        assertTrue(combined > taxonomy, "combined " + combined + ", taxonomy alone " + taxonomy);
    }

    @Test
    void theResourceReadsBackAsWritten() throws IOException {
        String text = CategoryModelTrainer.format(data, choice);
        CategoryModel model = CategoryModel.parse(new BufferedReader(new StringReader(text)));
        assertEquals(choice.combination(), model.combination());
        TextTokens tokens = TextTokens.of("The invoice total is wrong again.");
        double[] logProbabilities = model.logProbabilities(tokens);
        double total = 0;
        for (double p : logProbabilities) {
            total += Math.exp(p);
        }
        assertEquals(1.0, total, 1e-9);
    }
}
