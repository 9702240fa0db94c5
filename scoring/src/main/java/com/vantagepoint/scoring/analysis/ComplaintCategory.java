package com.vantagepoint.scoring.analysis;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The complaint categories; {@link #GENERAL} is the fallback. */
public enum ComplaintCategory {
    BILLING, PERFORMANCE, BUGS, FEATURE_REQUEST, ONBOARDING, SECURITY, DATA_QUALITY, GENERAL;

    /** The lower-case name stored in the marts, e.g. {@code feature_request}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a stored or model-produced label; empty when it is not one of the eight. */
    public static Optional<ComplaintCategory> fromLabel(String label) {
        if (label == null) {
            return Optional.empty();
        }
        String normalized = label.trim().toUpperCase(Locale.ROOT).replace('-', '_').replace(' ', '_');
        return Arrays.stream(values()).filter(c -> c.name().equals(normalized)).findFirst();
    }
}
