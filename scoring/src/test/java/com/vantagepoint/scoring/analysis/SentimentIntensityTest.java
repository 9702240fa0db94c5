package com.vantagepoint.scoring.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SentimentIntensityTest {
    private final LocalAnalyzer analyzer = new LocalAnalyzer();

    @Test
    void theCommittedWeightsAreWhatTrainingOnTheDevelopmentTextsGives() throws IOException {
        String committed;
        try (InputStream in = SentimentIntensity.class.getResourceAsStream(SentimentIntensity.RESOURCE)) {
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        String retrained = SentimentIntensityTrainer.weightsFile(analyzer, SentimentIntensityTrainer.developmentTexts());
        assertEquals(retrained, committed, "rules or development texts changed: run scripts/train-sentiment-intensity");
    }

    @Test
    void scoresEachFeatureOfATextOnceAsTrainingCountsThem() {
        Map<String, Double> weights = Map.of("invoic", 0.5, "invoic still", -0.25, "still", 0.125, "wrong", -1.0);
        SentimentIntensity model = new SentimentIntensity(0.0625, 1, weights);
        assertEquals(0.0625 + 0.5 + 0.5 - 0.25 + 0.125 - 1.0,
                model.predict(TextTokens.of("Invoice still wrong. The invoice is still wrong, invoice still open."), 0.5), 1e-12,
                "each stem and pair once, however often it occurs");
        for (EvalSet.Item item : SentimentIntensityTrainer.developmentTexts()) {
            TextTokens tokens = TextTokens.of(MessageBody.of(item.text()));
            double expected = 0.0625 + 0.5;
            for (String feature : SentimentIntensity.features(tokens)) {
                expected += weights.getOrDefault(feature, 0.0);
            }
            assertEquals(expected, model.predict(tokens, 0.5), 1e-12, item.id());
        }
    }

    @Test
    void keepsTheRulesSignAndNeutralBandAndSetsTheMagnitude() {
        SentimentIntensity strong = new SentimentIntensity(0, 1, Map.of("patienc", -0.6));
        TextTokens tokens = TextTokens.of("We are out of patience.");
        assertEquals(0.03, strong.apply(tokens, 0.03), "neutral stays neutral");
        assertEquals(-1.0, strong.apply(tokens, -0.5), 1e-9, "stronger, capped at -1");
        SentimentIntensity doubting = new SentimentIntensity(0, 1, Map.of("patienc", 0.9));
        assertEquals(-SentimentIntensity.WEAKEST_POLAR, doubting.apply(tokens, -0.5), 1e-9,
                "a model leaning the other way leaves the rules' sign at the weakest polar magnitude");
    }

    @Test
    void aFuriousComplaintReadsStrongerThanAMildOne() {
        double mild = analyzer.sentiment("Small thing: the PO number is missing from the last invoice. Could you add it?");
        double furious = analyzer.sentiment("Third wrong invoice in a row. I am out of patience - fix the billing this week "
                + "or we cancel the contract.");
        assertTrue(mild < 0 && mild > -0.45, "mild: " + mild);
        assertTrue(furious < -0.5 && furious < mild - 0.25, "furious: " + furious);
    }
}
