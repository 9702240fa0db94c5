package com.vantagepoint.pipeline.alerts;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vantagepoint.scoring.catalog.Columns;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Posts a run's alerts as one JSON message: a Slack-compatible {@code text} (a summary line and one line per account)
 * plus the structured list. Refused connections, timeouts, 429 and 5xx are retried with a doubling backoff; the
 * outcome is returned as PIPELINE_RUNS' {@code alert_delivery} text, never thrown, so a webhook cannot fail a run.
 */
public final class AlertWebhook {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int TOO_MANY_REQUESTS = 429;
    private static final int FIRST_SERVER_ERROR = 500;

    private final URI url;
    private final int attempts;
    private final Duration backoff;
    private final Duration timeout;
    private final HttpClient client;

    public AlertWebhook(URI url, AlertSettings settings) {
        this.url = url;
        this.attempts = settings.attempts();
        this.backoff = settings.backoff();
        this.timeout = settings.timeout();
        this.client = HttpClient.newBuilder().connectTimeout(timeout).build();
    }

    /** The message body: {@code text}, {@code run_id}, {@code as_of_date} and {@code alerts}. */
    public static String payload(String runId, LocalDate asOf, List<Alert> alerts) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("text", text(runId, asOf, alerts));
        body.put(Columns.RUN_ID, runId);
        body.put(Columns.AS_OF_DATE, asOf.toString());
        body.put("alerts", alerts.stream().map(AlertWebhook::fields).toList());
        try {
            return JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write the alert message", e);
        }
    }

    /** What a person reads in the channel: a summary line, then one line per account, biggest drop first. */
    static String text(String runId, LocalDate asOf, List<Alert> alerts) {
        StringBuilder text = new StringBuilder(String.format("VantagePoint: %d account%s need%s attention as of %s (run %s)",
                alerts.size(), alerts.size() == 1 ? "" : "s", alerts.size() == 1 ? "s" : "", asOf, runId));
        alerts.forEach(a -> text.append('\n').append(a.line()));
        return text.toString();
    }

    private static Map<String, Object> fields(Alert a) {
        Map<String, Object> f = new LinkedHashMap<>();
        f.put(Columns.ACCOUNT_ID, a.accountId());
        f.put("score", a.score());
        f.put("score_before", a.scoreBefore());
        f.put("change", a.change());
        f.put("tier", a.tier());
        f.put("tier_before", a.tierBefore());
        f.put("reason_kind", a.reasonKind().label());
        f.put("reason", a.reason());
        return f;
    }

    /**
     * Posts the body, retrying what may pass on a later try.
     *
     * @return {@code sent}, or {@code failed: <reason>} (the reason never holds the URL: it is a secret)
     */
    public String deliver(String body) {
        HttpRequest request = HttpRequest.newBuilder(url).timeout(timeout)
                .header("Content-Type", "application/json; charset=utf-8")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        String reason = "";
        for (int attempt = 1; attempt <= attempts; attempt++) {
            if (attempt > 1 && !pause(backoff.multipliedBy(1L << Math.min(attempt - 2, 20)))) {
                return Columns.ALERT_FAILED + "interrupted after " + (attempt - 1) + " attempt(s): " + reason;
            }
            try {
                int status = client.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
                if (status / 100 == 2) {
                    return Columns.ALERT_SENT;
                }
                reason = "HTTP " + status;
                if (status != TOO_MANY_REQUESTS && status < FIRST_SERVER_ERROR) {
                    return Columns.ALERT_FAILED + reason + " (not retried)";
                }
            } catch (IOException e) {
                reason = e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Columns.ALERT_FAILED + "interrupted";
            }
        }
        return Columns.ALERT_FAILED + reason + " after " + attempts + " attempt" + (attempts == 1 ? "" : "s");
    }

    private static boolean pause(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
