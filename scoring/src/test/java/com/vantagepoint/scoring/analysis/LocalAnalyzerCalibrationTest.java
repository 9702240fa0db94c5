package com.vantagepoint.scoring.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The analyzer's neutral band is read off the labels, not set by hand: on the varied B2B development texts (the varied
 * corpus' development part and the 400 later development texts), the raw compound below which a text is called
 * neutral is the one that maximises 3-class agreement with the labels.
 */
class LocalAnalyzerCalibrationTest {
    private static final double STEP = 0.01;
    private static final double WIDEST = 0.5;

    @Test
    void rawNeutralBandIsTheOneTheDevelopmentLabelsChoose() {
        LocalAnalyzer analyzer = new LocalAnalyzer();
        List<EvalSet.Item> dev = new java.util.ArrayList<>(EvalSet.Part.DEVELOPMENT.of(EvalSet.load("b2b-varied.jsonl")));
        dev.addAll(EvalSet.load("b2b-dev-extra.jsonl"));
        double[] raw = dev.stream().mapToDouble(item -> analyzer.rawSentiment(item.text())).toArray();
        double best = 0;
        int bestAgree = -1;
        for (int step = 0; step * STEP <= WIDEST; step++) {
            double band = step * STEP;
            int agree = 0;
            for (int i = 0; i < raw.length; i++) {
                EvalSet.Polarity read = Math.abs(raw[i]) <= band ? EvalSet.Polarity.NEUTRAL
                        : raw[i] < 0 ? EvalSet.Polarity.NEGATIVE : EvalSet.Polarity.POSITIVE;
                if (read == EvalSet.Polarity.of(dev.get(i).sentiment())) {
                    agree++;
                }
            }
            if (agree > bestAgree) { // ties keep the narrower band
                bestAgree = agree;
                best = band;
            }
        }
        System.out.printf("calibrated raw neutral band %.2f: development agreement %.3f%n", best,
                (double) bestAgree / raw.length);
        assertEquals(best, LocalAnalyzer.RAW_NEUTRAL_BAND, 1e-9, "recalibrate LocalAnalyzer.RAW_NEUTRAL_BAND");
    }

    @Test
    void theMappingKeepsOrderAndMapsTheRawBandOntoTheNeutralBand() {
        assertEquals(TranscriptAnalysis.NEUTRAL_BAND, LocalAnalyzer.toNeutralBand(LocalAnalyzer.RAW_NEUTRAL_BAND), 1e-12);
        assertEquals(-1.0, LocalAnalyzer.toNeutralBand(-1.0), 1e-12);
        assertEquals(0.0, LocalAnalyzer.toNeutralBand(0.0), 1e-12);
        double previous = -1.0;
        for (double raw = -1.0; raw <= 1.0; raw += 0.001) {
            double mapped = LocalAnalyzer.toNeutralBand(raw);
            assertTrue(mapped >= previous, "monotone at " + raw);
            previous = mapped;
        }
    }
}
