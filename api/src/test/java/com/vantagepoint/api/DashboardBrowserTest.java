package com.vantagepoint.api;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Drives Debian's headless Chromium through the dashboard: log in, filter to critical, sort by
 * score, open an account and see its signal cards, recommendation, summary and transcripts.
 * Screenshots land in api/target/. Skipped locally without chromium/chromedriver; fails when CI=true.
 */
class DashboardBrowserTest {
    static ApiFixture api;
    static WebDriver driver;

    /**
     * The browser starts in each test, not in {@code @BeforeAll}: without Chromium the test is then reported as
     * skipped with the reason (an assumption failing in {@code @BeforeAll} is reported as no test at all).
     */
    @BeforeEach
    void start() throws Exception {
        driver = Browser.start();
        if (api == null) {
            api = ApiFixture.start(TestWarehouse.get());
        }
    }

    @AfterEach
    void quitBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @AfterAll
    static void stop() {
        if (api != null) {
            api.close();
        }
    }

    private WebDriverWait waiting() {
        return Browser.waiting(driver);
    }

    private static void screenshot(String name) throws Exception {
        File shot = ((TakesScreenshot) driver).getScreenshotAs(OutputType.FILE);
        Path target = Path.of("target", name);
        Files.createDirectories(target.getParent());
        Files.copy(shot.toPath(), target, StandardCopyOption.REPLACE_EXISTING);
    }

    /** The score column of the table, read in one script call (the table may re-render between WebDriver calls). */
    @SuppressWarnings("unchecked")
    private List<Double> scores() {
        List<Object> texts = (List<Object>) ((org.openqa.selenium.JavascriptExecutor) driver).executeScript(
                "return Array.from(document.querySelectorAll('#accounts-body tr.account-row .score strong')).map(e => e.textContent)");
        List<Double> out = new ArrayList<>();
        for (Object t : texts) {
            out.add(Double.parseDouble(String.valueOf(t)));
        }
        return out;
    }

    @Test
    void analystFiltersSortsAndDrillsIntoACriticalAccount() throws Exception {
        Path wh = TestWarehouse.get();
        long critical = Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_SCORE WHERE risk_tier = 'critical'");
        Set<String> withTranscripts = new HashSet<>();
        for (List<Object> r : Marts.query(wh, "SELECT DISTINCT s.account_id FROM ACCOUNT_HEALTH_SCORE s JOIN INTERACTION_TRANSCRIPTS_ENRICHED t "
                + "USING (account_id) WHERE s.risk_tier = 'critical'")) {
            withTranscripts.add((String) r.get(0));
        }
        assertFalse(withTranscripts.isEmpty(), "the test warehouse has critical accounts with transcripts");

        Browser.signIn(driver, api, "analyst1");
        assertEquals(TestWarehouse.AS_OF, driver.findElement(By.id("as-of")).getText());
        assertTrue(driver.findElement(By.id("stale-banner")).isDisplayed(), "data weeks old is flagged as stale");
        assertEquals(3, driver.findElements(By.cssSelector(".chart-body svg")).size(), "three charts drawn");

        new Select(driver.findElement(By.id("tier-filter"))).selectByValue("critical");
        waiting().until(ExpectedConditions.textToBe(By.id("match-count"), critical + " matching account" + (critical == 1 ? "" : "s")));
        for (WebElement pill : driver.findElements(By.cssSelector("#accounts-body .pill"))) {
            assertEquals("Critical", pill.getText());
        }

        WebElement scoreHeader = driver.findElement(By.cssSelector("th[data-col='health_score']"));
        scoreHeader.click();
        waiting().until(d -> d.findElement(By.cssSelector("th[data-col='health_score']")).getAttribute("class").contains("desc"));
        waiting().ignoring(org.openqa.selenium.StaleElementReferenceException.class).until(d -> {
            List<Double> s = scores();
            for (int i = 1; i < s.size(); i++) {
                if (s.get(i - 1) < s.get(i)) {
                    return false;
                }
            }
            return !s.isEmpty();
        });

        WebElement row = null;
        for (WebElement r : driver.findElements(By.cssSelector("#accounts-body tr.account-row"))) {
            if (withTranscripts.contains(r.getAttribute("data-id"))) {
                row = r;
                break;
            }
        }
        if (row == null) {
            String id = withTranscripts.iterator().next();
            WebElement search = driver.findElement(By.id("search"));
            search.sendKeys(id);
            waiting().until(ExpectedConditions.textToBe(By.id("match-count"), "1 matching account"));
            row = driver.findElement(By.cssSelector("#accounts-body tr.account-row"));
        }
        String id = row.getAttribute("data-id");
        row.click();
        By detail = By.cssSelector("tr.detail-row[data-for='" + id + "']");
        waiting().until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("tr.detail-row .signal-card"), 6));
        WebElement d = driver.findElement(detail);
        assertTrue(d.findElement(By.cssSelector(".signal-card[data-signal='sentiment'] .signal-points")).getText().contains("of 25.0 points"));
        assertFalse(d.findElement(By.cssSelector(".recommendation p")).getText().isBlank());
        assertFalse(d.findElement(By.cssSelector(".transcript-summary p")).getText().isBlank());
        waiting().until(x -> !x.findElements(By.cssSelector("tr.detail-row table.transcripts tbody tr")).isEmpty());
        long expected = Marts.count(wh, "SELECT count(*) FROM INTERACTION_TRANSCRIPTS_ENRICHED WHERE account_id = '" + id + "'");
        assertEquals(expected, d.findElements(By.cssSelector("table.transcripts tbody tr")).size());
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        screenshot("dashboard.png");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'})",
                driver.findElement(By.cssSelector("tr.account-row.open")));
        screenshot("dashboard-drilldown.png");

        WebElement ask = driver.findElement(By.id("ask-input"));
        ask.sendKeys("How many accounts are critical and what do they complain about?");
        driver.findElement(By.cssSelector("#ask-form button[type='submit']")).click();
        waiting().until(x -> x.findElement(By.id("ask-answer")).getText().startsWith("Critical accounts"));
        assertTrue(driver.findElement(By.id("ask-answer")).getText().contains(String.valueOf(critical)));

        driver.manage().window().setSize(new Dimension(820, 1180));
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("window.scrollTo(0, 0)");
        screenshot("dashboard-tablet.png");
        assertTrue(driver.findElement(By.id("count-critical")).isDisplayed());
    }

    @Test
    void viewerReadsTheWeeksBiggestDropsAndTracesOneToItsSignal() throws Exception {
        Path wh = TestWarehouse.get();
        String biggest = Marts.string(wh, "SELECT account_id FROM ACCOUNT_SCORE_CHANGES WHERE window_days = 7 AND score_change < 0 "
                + "ORDER BY score_change, account_id LIMIT 1");
        long dates = Marts.count(wh, "SELECT count(*) FROM ACCOUNT_HEALTH_HISTORY WHERE account_id = '" + biggest + "'");
        Browser.signIn(driver, api, "viewer1");
        assertEquals("Biggest drops this week", driver.findElement(By.id("movers-title")).getText());
        waiting().until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#movers-list li.mover")));
        WebElement first = driver.findElements(By.cssSelector("#movers-list li.mover")).get(0);
        assertEquals(biggest, first.getAttribute("data-id"));
        String reason = first.findElement(By.cssSelector(".mover-reason")).getText();
        assertTrue(reason.matches("\u2212\\d+(\\.\\d)?: [a-z]+ \u2212.*\\(.*\\).*"), "a reason sentence: " + reason);

        first.findElement(By.cssSelector(".mover-head")).click();
        By stacks = By.cssSelector("#movers-list li.mover[data-id='" + biggest + "'] .mover-detail .contributions svg g.stack");
        waiting().until(ExpectedConditions.numberOfElementsToBe(stacks, (int) dates));
        WebElement detail = driver.findElement(By.cssSelector("#movers-list li.mover.open .mover-detail"));
        assertEquals(6, detail.findElements(By.cssSelector(".signal-card")).size(), "the drill-down of the account");
        List<WebElement> latest = driver.findElements(stacks);
        WebElement now = latest.get(latest.size() - 1);
        assertEquals(TestWarehouse.AS_OF, now.getAttribute("data-date"));
        assertFalse(now.findElements(By.cssSelector("rect.seg[data-signal='recency'], rect.seg[data-signal='sentiment'], "
                + "rect.seg[data-signal='errors']")).isEmpty(), "the score is stacked from its signals");
        assertEquals(Marts.string(wh, "SELECT printf('%.1f', health_score) FROM ACCOUNT_HEALTH_SCORE WHERE account_id = '" + biggest + "'"),
                now.findElement(By.cssSelector("text.value-label")).getText(), "the stack is topped by the score");
        ((org.openqa.selenium.JavascriptExecutor) driver).executeScript("arguments[0].scrollIntoView({block: 'start'})",
                driver.findElement(By.id("movers-panel")));
        screenshot("dashboard-movers.png");
    }

    @Test
    void theBacktestPageShowsTheFiguresAndSaysWhereThereAreTooFewToJudge() throws Exception {
        Path wh = TestWarehouse.get();
        Browser.signIn(driver, api, "viewer1");
        driver.findElement(By.id("nav-backtest")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("bt-auc")));
        assertFalse(driver.findElement(By.id("app-view")).isDisplayed(), "a page of its own");
        String auc = Marts.string(wh, "SELECT printf('%.3f', value) FROM SCORE_BACKTEST WHERE figure = 'score_auc'");
        assertEquals(auc, driver.findElement(By.cssSelector("#bt-auc .big-value")).getText());
        assertEquals(Marts.count(wh, "SELECT count(*) FROM SCORE_BACKTEST WHERE figure = 'tier_churn_rate'"),
                driver.findElements(By.cssSelector("#bt-tiers tbody tr")).size());
        assertEquals(Marts.count(wh, "SELECT count(*) FROM SCORE_BACKTEST WHERE figure = 'signal_auc'"),
                driver.findElements(By.cssSelector("#bt-signals tbody tr")).size());
        assertEquals(Marts.count(wh, "SELECT count(*) FROM SCORE_BACKTEST WHERE figure = 'suggested_weight'"),
                driver.findElements(By.cssSelector("#bt-weights tbody tr")).size());
        long tooFew = Marts.count(wh, "SELECT count(*) FROM SCORE_BACKTEST WHERE NOT enough_data");
        assertEquals(tooFew, driver.findElements(By.cssSelector("#backtest-figures .badge.few")).size());
        for (WebElement badge : driver.findElements(By.cssSelector("#backtest-figures .badge.few"))) {
            assertEquals("too few to judge", badge.getText());
        }
        screenshot("dashboard-backtest.png");
        driver.findElement(By.id("nav-portfolio")).click();
        waiting().until(ExpectedConditions.visibilityOfElementLocated(By.id("movers-panel")));
        assertFalse(driver.findElement(By.id("backtest-view")).isDisplayed());
    }
}
