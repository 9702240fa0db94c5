package com.vantagepoint.pipeline.alerts;

import com.typesafe.config.Config;

import com.vantagepoint.scoring.health.ScoreChangeReasons;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

import static com.vantagepoint.scoring.config.Settings.atLeast;
import static com.vantagepoint.scoring.config.Settings.invalid;

/**
 * The {@code vantagepoint.alerts} settings, read and validated once.
 *
 * @param minDrop    an account whose score fell by more than this many points in a week is alerted on
 * @param webhookUrl where the alerts are posted; none: they are only listed in the run report
 * @param attempts   posts tried per run before the delivery counts as failed
 * @param backoff    wait before the second attempt, doubled before each further one
 * @param timeout    connect and response timeout of each post
 * @param reasons    how an alert's change is worded ({@code scoring.reasons}, as the API words it)
 */
public record AlertSettings(double minDrop, Optional<URI> webhookUrl, int attempts, Duration backoff, Duration timeout,
                            ScoreChangeReasons reasons) {
    public static final String WEBHOOK_URL = "alerts.webhook-url";

    /** @param c the resolved {@code vantagepoint} tree */
    public static AlertSettings from(Config c) {
        double minDrop = atLeast(c, "alerts.min-drop", 0.0);
        int attempts = atLeast(c, "alerts.attempts", 1);
        Duration backoff = c.getDuration("alerts.backoff");
        if (backoff.isNegative()) {
            throw invalid(c, "alerts.backoff", "must not be negative, got " + backoff);
        }
        Duration timeout = c.getDuration("alerts.timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw invalid(c, "alerts.timeout", "must be positive, got " + timeout);
        }
        return new AlertSettings(minDrop, webhookUrl(c), attempts, backoff, timeout, ScoreChangeReasons.fromConfig(c));
    }

    /** The URL is a secret (a Slack webhook's path is its credential), so a bad one is described, never echoed. */
    private static Optional<URI> webhookUrl(Config c) {
        String value = c.getString(WEBHOOK_URL).trim();
        if (value.isEmpty()) {
            return Optional.empty();
        }
        try {
            URI uri = new URI(value);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
            if ((scheme.equals("http") || scheme.equals("https")) && uri.getHost() != null) {
                return Optional.of(uri);
            }
        } catch (URISyntaxException e) {
            // described below
        }
        throw invalid(c, WEBHOOK_URL, "must be an absolute http:// or https:// URL with a host (the value is not shown: it is a secret)");
    }
}
