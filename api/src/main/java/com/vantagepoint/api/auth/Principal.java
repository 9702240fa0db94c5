package com.vantagepoint.api.auth;

import java.util.Set;

/** An authenticated caller. */
public record Principal(String name, Set<Role> roles) {
    public boolean has(Role required) {
        return roles.stream().anyMatch(r -> r.grants(required));
    }
}
