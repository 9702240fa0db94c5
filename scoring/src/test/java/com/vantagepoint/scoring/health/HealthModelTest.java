package com.vantagepoint.scoring.health;

import com.typesafe.config.ConfigFactory;
import com.typesafe.config.ConfigException;
import com.vantagepoint.scoring.config.VantageConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** Hand-computed cases at every band edge of the health model. */
class HealthModelTest {
    private static final HealthModel MODEL = HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring"));

    /** Neutral baseline: 50 sessions (7.5), 6 features (7.5), no errors (10), no sentiment (12.5). */
    private static HealthSignals signals(Integer days, long tickets) {
        return new HealthSignals(50, 6, 0.0, days, null, tickets, false);
    }

    @ParameterizedTest(name = "{0} days since last active -> {1} recency points")
    @CsvSource({"0,20", "7,20", "8,15", "30,15", "31,8", "90,8", "91,0", "1000,0"})
    void recencyBandsIncludeTheirUpperEdge(int days, double points) {
        assertEquals(points, MODEL.score(signals(days, 0)).points(Signal.RECENCY));
    }

    @Test
    void noUsageEarnsNoRecencyPointsAndNoErrorPenalty() {
        HealthScore score = MODEL.score(new HealthSignals(0, 0, 0.0, null, null, 0, false));
        assertEquals(0, score.points(Signal.RECENCY));
        assertEquals(0, score.points(Signal.SESSIONS));
        assertEquals(0, score.points(Signal.FEATURES));
        assertEquals(10, score.points(Signal.ERRORS));
        // 0 + 0 + 10 + 0 + 12.5 + 15
        assertEquals(37.5, score.healthScore());
        assertEquals(RiskTier.CRITICAL, score.tier());
    }

    @ParameterizedTest(name = "{0} support tickets -> {1} support points")
    @CsvSource({"0,15", "1,10", "3,10", "4,5", "7,5", "8,0", "40,0"})
    void supportBandsIncludeTheirUpperEdge(long tickets, double points) {
        assertEquals(points, MODEL.score(signals(3, tickets)).points(Signal.SUPPORT));
    }

    @ParameterizedTest(name = "{0} sessions -> {1} session points")
    @CsvSource({"0,0", "1,0.15", "50,7.5", "99,14.85", "100,15", "101,15", "100000,15"})
    void sessionsAreCappedAtOneHundred(long sessions, double points) {
        HealthScore score = MODEL.score(new HealthSignals(sessions, 0, 0, 1, null, 0, false));
        assertEquals(points, score.points(Signal.SESSIONS), 1e-12);
    }

    @ParameterizedTest(name = "{0} features -> {1} feature points")
    @CsvSource({"0,0", "6,7.5", "11,13.75", "12,15", "13,15"})
    void featuresAreCappedAtTwelve(int features, double points) {
        HealthScore score = MODEL.score(new HealthSignals(0, features, 0, 1, null, 0, false));
        assertEquals(points, score.points(Signal.FEATURES), 1e-12);
    }

    @ParameterizedTest(name = "error rate {0} -> {1} error points")
    @CsvSource({"0,10", "0.25,7.5", "1,0", "1.5,0"})
    void errorRateCostsUpToTenPoints(double errorRate, double points) {
        assertEquals(points, MODEL.score(new HealthSignals(0, 0, errorRate, null, null, 0, false)).points(Signal.ERRORS), 1e-12);
    }

    @ParameterizedTest(name = "avg sentiment {0} -> {1} sentiment points")
    @CsvSource({"-1,0", "0,12.5", "0.5,18.75", "1,25"})
    void sentimentMapsMinusOneToOneOntoZeroToTwentyFive(double sentiment, double points) {
        assertEquals(points, MODEL.score(new HealthSignals(0, 0, 0, null, sentiment, 0, false)).points(Signal.SENTIMENT), 1e-12);
    }

    @Test
    void noTranscriptsScoreAsNeutralSentiment() {
        assertEquals(12.5, MODEL.score(signals(3, 0)).points(Signal.SENTIMENT));
    }

    @Test
    void perfectAccountScoresOneHundredAndIsHealthy() {
        HealthScore score = MODEL.score(new HealthSignals(100, 12, 0, 0, 1.0, 0, false));
        assertEquals(100.0, score.healthScore());
        assertEquals(RiskTier.HEALTHY, score.tier());
    }

    @Test
    void churnedAccountIsChurnedWhateverItsScore() {
        HealthScore score = MODEL.score(new HealthSignals(100, 12, 0, 0, 1.0, 0, true));
        assertEquals(100.0, score.healthScore());
        assertEquals(RiskTier.CHURNED, score.tier());
    }

    @Test
    void tierIsTakenFromTheRoundedScoreAtBothEdges() {
        // 40 sessions (6) + 3 features (3.75) + error 0.0456 (9.544) + 30 days (15) + sentiment 0.2 (15) + 4 tickets (5)
        // = 54.294 -> 54.3, at risk
        HealthScore mid = MODEL.score(new HealthSignals(40, 3, 0.0456, 30, 0.2, 4, false));
        assertEquals(54.3, mid.healthScore());
        assertEquals(RiskTier.AT_RISK, mid.tier());

        // 10 sessions 1.5 + 0 + error 0.004 9.96 + 20 + sentiment 0.4 17.5 + 15 = 63.96 -> 64.0, at risk
        HealthScore belowEdge = MODEL.score(new HealthSignals(10, 0, 0.004, 0, 0.4, 0, false));
        assertEquals(64.0, belowEdge.healthScore());
        assertEquals(RiskTier.AT_RISK, belowEdge.tier());
        assertEquals(RiskTier.HEALTHY, MODEL.tier(65.0, false));
        assertEquals(RiskTier.AT_RISK, MODEL.tier(64.9, false));
        assertEquals(RiskTier.AT_RISK, MODEL.tier(40.0, false));
        assertEquals(RiskTier.CRITICAL, MODEL.tier(39.9, false));
    }

    @Test
    void scoreRoundsHalfUpToOneDecimal() {
        // 15 sessions (2.25) + 0 + errors 10 + 0 + sentiment -1 (0) + 0 tickets (15) = 27.25 -> 27.3
        assertEquals(27.3, MODEL.score(new HealthSignals(15, 0, 0, null, -1.0, 0, false)).healthScore());
    }

    @Test
    void rejectsBandsOutOfOrder() {
        var bad = ConfigFactory.parseString("recency.bands = [{max-days = 30, points = 15}, {max-days = 7, points = 20}]")
                .withFallback(VantageConfig.defaults().getConfig("scoring"));
        assertThrows(ConfigException.BadValue.class, () -> HealthModel.fromConfig(bad));
    }

    @Test
    void definitionHashChangesWithTheWeights() {
        var changed = ConfigFactory.parseString("sentiment.weight = 30").withFallback(VantageConfig.defaults().getConfig("scoring"));
        assertEquals(MODEL.definitionHash(), HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring")).definitionHash());
        org.junit.jupiter.api.Assertions.assertNotEquals(MODEL.definitionHash(), HealthModel.fromConfig(changed).definitionHash());
    }
}
