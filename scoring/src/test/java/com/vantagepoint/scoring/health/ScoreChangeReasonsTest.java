package com.vantagepoint.scoring.health;

import com.typesafe.config.ConfigFactory;
import com.vantagepoint.scoring.config.Settings;
import com.vantagepoint.scoring.config.VantageConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** The sentence behind a mover, as a customer-success lead reads it. */
class ScoreChangeReasonsTest {
    private static final ScoreChangeReasons REASONS = ScoreChangeReasons.fromConfig(VantageConfig.defaults());

    private static ScoreChangeReasons.SignalChange change(Signal signal, double delta, Double now, Double before) {
        return new ScoreChangeReasons.SignalChange(signal, delta, now, before);
    }

    /** Every signal, unchanged unless given. */
    private static List<ScoreChangeReasons.SignalChange> signals(ScoreChangeReasons.SignalChange... moved) {
        return java.util.Arrays.stream(Signal.values()).map(s -> java.util.Arrays.stream(moved)
                .filter(m -> m.signal() == s).findFirst().orElse(change(s, 0, 5.0, 5.0))).toList();
    }

    @Test
    void aDropNamesTheSignalsThatCausedItLargestFirst() {
        String sentence = REASONS.sentence(new ScoreChangeReasons.Change(-18.5, signals(
                change(Signal.SENTIMENT, -6.5, -0.4, 0.12),
                change(Signal.RECENCY, -12, 35.0, 3.0)), 2L, "billing"));
        assertEquals("\u221218.5: recency \u221212 (last active 35 days ago, was 3), "
                + "sentiment \u22126.5 (2 negative interactions about billing)", sentence);
    }

    @Test
    void signalsAgainstTheChangeComeAfterThoseWithItAndSmallOnesAreLeftOut() {
        String sentence = REASONS.sentence(new ScoreChangeReasons.Change(-4.1, signals(
                change(Signal.SESSIONS, 1.25, 60.0, 52.0),
                change(Signal.ERRORS, -0.4, 0.05, 0.01),
                change(Signal.SUPPORT, -5, 5.0, 2.0)), 0L, "none"));
        assertEquals("\u22124.1: support \u22125 (5 support tickets, was 2), sessions +1.3 (60 sessions, was 52)", sentence);
    }

    @Test
    void aRiseIsOrderedByWhatRaisedItAndWordsMetricsInTheirUnits() {
        String sentence = REASONS.sentence(new ScoreChangeReasons.Change(9.0, signals(
                change(Signal.ERRORS, 2.0, 0.02, 0.22),
                change(Signal.SENTIMENT, 7.0, 0.35, -0.21),
                change(Signal.FEATURES, 0.5, 7.0, 6.0)), 3L, "bugs"));
        assertEquals("+9: sentiment +7 (average sentiment +0.35, was \u22120.21), errors +2 (error rate 2.0%, was 22.0%), "
                + "features +0.5 (7 features adopted, was 6)", sentence);
    }

    @Test
    void missingDataIsSaidAsSuch() {
        String sentence = REASONS.sentence(new ScoreChangeReasons.Change(-15, signals(
                change(Signal.RECENCY, -15, null, 20.0)), 0L, "none"));
        assertEquals("\u221215: recency \u221215 (no usage, was 20)", sentence);
        assertEquals("\u22120.3", REASONS.sentence(new ScoreChangeReasons.Change(-0.3, signals(
                change(Signal.SESSIONS, -0.3, 40.0, 42.0)), 0L, "none")), "nothing moved enough to name");
    }

    @Test
    void oneOfAThingIsSingularAndTiesKeepTheSignalOrder() {
        assertEquals("\u22125: recency \u22125 (last active 1 day ago, was 0), support \u22125 (1 support ticket, was 0)",
                REASONS.sentence(new ScoreChangeReasons.Change(-5, signals(change(Signal.SUPPORT, -5, 1.0, 0.0),
                        change(Signal.RECENCY, -5, 1.0, 0.0)), 0L, "none")));
    }

    @Test
    void theThresholdIsConfiguredAndValidated() {
        ScoreChangeReasons everything = new ScoreChangeReasons(0);
        assertEquals("\u22120.3: sessions \u22120.3 (40 sessions, was 42)", everything.sentence(new ScoreChangeReasons.Change(-0.3,
                signals(change(Signal.SESSIONS, -0.3, 40.0, 42.0)), 0L, "none")));
        Settings.InvalidSetting bad = assertThrows(Settings.InvalidSetting.class, () -> ScoreChangeReasons.fromConfig(
                ConfigFactory.parseString("scoring.reasons.min-points = -1")));
        assertEquals("scoring.reasons.min-points", bad.key());
    }
}
