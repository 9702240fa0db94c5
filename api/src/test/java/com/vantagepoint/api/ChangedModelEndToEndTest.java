package com.vantagepoint.api;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every weight, cap, band and threshold of the health model changed in one configuration file, used by both the
 * pipeline run and the API: the marts, the table comments, {@code /api/model}, the account breakdown, the
 * dashboard's cards and the insight text all follow it. Nothing may still show a default number.
 */
class ChangedModelEndToEndTest {
    /** Max points 20 + 10 + 5 + 25 + 30 + 10 = 100, but every one of them differs from the defaults. */
    private static final String CHANGED = """
            vantagepoint.scoring {
              sessions { weight = 20, cap = 50 }
              features { weight = 10, cap = 8 }
              errors { weight = 5 }
              recency { bands = [ { max-days = 3, points = 25 }, { max-days = 14, points = 18 }, { max-days = 60, points = 6 } ] }
              sentiment { weight = 30 }
              support { bands = [ { max-tickets = 1, points = 10 }, { max-tickets = 5, points = 4 } ] }
              negative-sentiment-threshold = -0.45
              tiers { healthy = 72.5, at-risk = 47.5 }
            }
            """;
    private static final Map<String, Double> MAX = Map.of("sessions", 20.0, "features", 10.0, "errors", 5.0,
            "recency", 25.0, "sentiment", 30.0, "support", 10.0);

    static Path warehouse;
    static ApiFixture api;

    @BeforeAll
    static void runPipelineAndServe() throws Exception {
        boolean ci = "true".equalsIgnoreCase(System.getenv("CI"));
        Assumptions.assumeTrue(ci || TestWarehouse.pipelineAvailable(),
                "needs the built pipeline module (mvn -B verify from the root)");
        Path root = Files.createTempDirectory("vp-changed-model");
        Path conf = root.resolve("changed.conf");
        Files.writeString(conf, CHANGED);
        warehouse = TestWarehouse.pipelineWarehouse(root, conf, 80);
        api = ApiFixture.startWithConf(warehouse, conf);
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    @Test
    void martsScoreWithTheChangedModel() throws Exception {
        for (Map.Entry<String, Double> e : MAX.entrySet()) {
            double max = ((Number) Marts.query(warehouse, "SELECT max(points_" + e.getKey() + ") FROM ACCOUNT_HEALTH_HISTORY")
                    .get(0).get(0)).doubleValue();
            assertTrue(max <= e.getValue(), e.getKey() + " points " + max + " within " + e.getValue());
        }
        assertEquals(0, Marts.count(warehouse, "SELECT count(*) FROM ACCOUNT_HEALTH_HISTORY WHERE NOT is_churned AND "
                + "risk_tier <> CASE WHEN health_score >= 72.5 THEN 'healthy' WHEN health_score >= 47.5 THEN 'at_risk' "
                + "ELSE 'critical' END"), "tiers follow the changed thresholds");
        assertEquals(0, Marts.count(warehouse, "SELECT count(*) FROM ACCOUNT_HEALTH_HISTORY WHERE "
                + "(days_since_last_active <= 3 AND points_recency <> 25) OR (support_ticket_count = 5 AND points_support <> 4)"
                + " OR (features_adopted >= 8 AND points_features <> 10)"), "bands and caps follow the changed model");
        assertTrue(Marts.count(warehouse, "SELECT count(*) FROM ACCOUNT_HEALTH_HISTORY WHERE days_since_last_active <= 3") > 0,
                "the band check saw rows");
    }

    @Test
    void tableCommentsQuoteTheChangedModel() throws Exception {
        String tier = comment("risk_tier");
        assertTrue(tier.contains("healthy (>= 72.5)") && tier.contains("at_risk (>= 47.5)"), tier);
        assertTrue(comment("points_sessions").contains("max 20, full at 50"), comment("points_sessions"));
        assertTrue(comment("points_recency").contains("max 25: 25 up to 3 days, 18 up to 14 days, 6 up to 60 days"),
                comment("points_recency"));
        assertTrue(comment("negative_interaction_count").contains("(-0.45)"), comment("negative_interaction_count"));
    }

    @Test
    void modelAndBreakdownAreServedFromTheChangedModel() throws Exception {
        String token = api.token("viewer1");
        JsonNode model = api.get("/api/model", token).json();
        for (JsonNode s : model.get("signals")) {
            assertEquals(MAX.get(s.get("signal").asText()), s.get("max_points").asDouble(), s.toString());
        }
        assertEquals(72.5, model.get("tiers").get(0).get("min_score").asDouble());
        assertEquals(47.5, model.get("tiers").get(1).get("min_score").asDouble());
        assertEquals(-0.45, model.get("negative_sentiment_threshold").asDouble());
        String id = Marts.string(warehouse, "SELECT min(account_id) FROM ACCOUNT_HEALTH_SCORE");
        for (JsonNode card : api.get("/api/accounts/" + id, token).json().get("breakdown")) {
            assertEquals(MAX.get(card.get("signal").asText()), card.get("max_points").asDouble(), card.toString());
        }
    }

    @Test
    void insightTextQuotesTheChangedModel() throws Exception {
        List<String> texts = new ArrayList<>();
        Marts.query(warehouse, "SELECT recommendation FROM ACCOUNT_INSIGHTS").forEach(r -> texts.add((String) r.get(0)));
        Pattern pointsOfMax = Pattern.compile("\\(\\d+(\\.\\d+)? of (\\d+(\\.\\d+)?)[,)]");
        List<String> maxima = new ArrayList<>();
        for (String t : texts) {
            Matcher m = pointsOfMax.matcher(t);
            while (m.find()) {
                maxima.add(m.group(2));
            }
            Matcher above = Pattern.compile("back above (\\d+(\\.\\d+)?)").matcher(t);
            while (above.find()) {
                assertEquals("47.5", above.group(1), t);
            }
        }
        assertFalse(maxima.isEmpty(), "insights quote points out of a maximum");
        for (String max : maxima) {
            assertTrue(MAX.containsValue(Double.parseDouble(max)), "maximum " + max + " is one of the changed model's");
        }
    }

    @Test
    void recommendationsToReengageCiteTheRenewalDate() throws Exception {
        long reengage = Marts.count(warehouse, "SELECT count(*) FROM ACCOUNT_INSIGHTS i JOIN ACCOUNT_HEALTH_SCORE s "
                + "USING (account_id) WHERE s.subscription_end_date > s.as_of_date AND i.recommendation LIKE '%Re-engage%'");
        long cited = Marts.count(warehouse, "SELECT count(*) FROM ACCOUNT_INSIGHTS i JOIN ACCOUNT_HEALTH_SCORE s "
                + "USING (account_id) WHERE i.recommendation LIKE '%before the renewal on ' "
                + "|| CAST(s.subscription_end_date AS VARCHAR) || '%'");
        assertTrue(reengage > 0, "the run has dormant accounts with a renewal ahead");
        assertEquals(reengage, cited, "every re-engagement of an account with a renewal ahead cites its date");
    }

    @Test
    void dashboardCardsFollowTheChangedModel() throws Exception {
        WebDriver driver = Browser.start();
        try {
            Browser.signIn(driver, api, "analyst1");
            List<String> tiers = new ArrayList<>();
            for (WebElement card : driver.findElements(By.cssSelector("#summary-cards .card.stat[data-tier]:not([data-tier=''])"))) {
                tiers.add(card.getAttribute("data-tier"));
            }
            assertEquals(List.of("healthy", "at_risk", "critical", "churned"), tiers);
            driver.findElement(By.cssSelector("#accounts-body tr.account-row")).click();
            Browser.waiting(driver).until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.detail-row .signal-card"), 6));
            assertTrue(driver.findElement(By.cssSelector(".signal-card[data-signal='sentiment'] .signal-points")).getText()
                    .contains("of 30.0 points"));
            assertTrue(driver.findElement(By.cssSelector(".signal-card[data-signal='features'] .signal-value")).getText()
                    .contains("/ 8"), "features out of the changed cap");
            List<String> axis = new ArrayList<>();
            for (WebElement t : driver.findElements(By.cssSelector("tr.detail-row svg text"))) {
                axis.add(t.getText());
            }
            assertTrue(axis.contains("72.5") && axis.contains("47.5") && !axis.contains("65"), "history axis " + axis);
        } finally {
            driver.quit();
        }
    }

    private static String comment(String column) throws Exception {
        return Marts.string(warehouse, "SELECT comment FROM duckdb_columns() WHERE table_name = 'ACCOUNT_HEALTH_SCORE' "
                + "AND column_name = '" + column + "'");
    }
}
