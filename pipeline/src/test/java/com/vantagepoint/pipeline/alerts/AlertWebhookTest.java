package com.vantagepoint.pipeline.alerts;

import com.sun.net.httpserver.HttpServer;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.ScoreChangeReasons;
import com.vantagepoint.scoring.health.Signal;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The webhook's message and its retry rule, against a receiver on 127.0.0.1 started here. */
class AlertWebhookTest {
    private static final String REASON = new ScoreChangeReasons(0.5).sentence(new ScoreChangeReasons.Change(-18.5, List.of(
            new ScoreChangeReasons.SignalChange(Signal.RECENCY, -12, 35.0, 3.0),
            new ScoreChangeReasons.SignalChange(Signal.SENTIMENT, -6.5, -0.42, 0.1)), 2L, "billing"));
    private static final Alert DROP = new Alert("ACC-0042", 31.5, 50.0, -18.5, RiskTier.CRITICAL.label(),
            RiskTier.AT_RISK.label(), Alert.ReasonKind.ENTERED_CRITICAL, REASON);

    @Test
    void eachAccountReadsAsItsTierTransitionAndTheSignalsThatMovedIt() {
        assertEquals("ACC-0042 (at_risk \u2192 critical) \u221218.5: recency \u221212 (last active 35 days ago, was 3), "
                + "sentiment \u22126.5 (2 negative interactions about billing)", DROP.line());
        String text = AlertWebhook.text("run-1", LocalDate.parse("2026-11-25"), List.of(DROP));
        assertEquals("VantagePoint: 1 account needs attention as of 2026-11-25 (run run-1)\n" + DROP.line(), text);
    }

    @Test
    void aClientErrorOtherThan429IsNotRetried() throws IOException {
        AtomicInteger posts = new AtomicInteger();
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/hook", exchange -> {
            posts.incrementAndGet();
            exchange.sendResponseHeaders(404, -1);
            exchange.close();
        });
        server.start();
        try {
            URI url = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/hook");
            AlertSettings settings = new AlertSettings(10, Optional.of(url), 3, Duration.ofMillis(10), Duration.ofSeconds(2),
                    new ScoreChangeReasons(0.5));
            String delivery = new AlertWebhook(url, settings).deliver(AlertWebhook.payload("run-1", LocalDate.parse("2026-11-25"), List.of(DROP)));
            assertEquals(Columns.ALERT_FAILED + "HTTP 404 (not retried)", delivery);
            assertEquals(1, posts.get());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void thePayloadCarriesTheStructuredList() {
        String json = AlertWebhook.payload("run-1", LocalDate.parse("2026-11-25"), List.of(DROP));
        assertTrue(json.contains("\"alerts\":[{\"account_id\":\"ACC-0042\",\"score\":31.5,\"score_before\":50.0,"
                + "\"change\":-18.5,\"tier\":\"critical\",\"tier_before\":\"at_risk\",\"reason_kind\":\"entered_critical\","
                + "\"reason\":\"" + REASON + "\"}]"), json);
        assertTrue(json.startsWith("{\"text\":"), json);
    }
}
