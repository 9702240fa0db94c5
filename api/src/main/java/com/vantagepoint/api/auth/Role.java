package com.vantagepoint.api.auth;

import io.javalin.security.RouteRole;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/** Dashboard roles; {@code analyst} implies {@code viewer}. */
public enum Role implements RouteRole {
    VIEWER, ANALYST;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Role> fromLabel(String label) {
        return Arrays.stream(values()).filter(r -> r.label().equalsIgnoreCase(label == null ? "" : label.trim())).findFirst();
    }

    /** Every role this one grants, as labels: analyst -> [analyst, viewer]. */
    public List<String> grantedLabels() {
        return Arrays.stream(values()).filter(this::grants).sorted(Comparator.reverseOrder()).map(Role::label).toList();
    }

    /** Whether holding this role grants {@code required}. */
    public boolean grants(Role required) {
        return this == required || this == ANALYST;
    }
}
