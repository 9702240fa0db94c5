package com.vantagepoint.api.auth;

import java.util.concurrent.ConcurrentHashMap;

/** Locks a user name out for a while after too many failed logins in a row. */
public final class LoginThrottle {
    private final int maxFailures;
    private final long lockoutMillis;

    private record State(int failures, long lockedUntil) {
    }

    private final ConcurrentHashMap<String, State> states = new ConcurrentHashMap<>();

    public LoginThrottle(int maxFailures, long lockoutSeconds) {
        this.maxFailures = maxFailures;
        this.lockoutMillis = lockoutSeconds * 1000;
    }

    /** Seconds the name stays locked, or 0. */
    public long lockedSeconds(String name) {
        State s = states.get(name);
        long left = s == null ? 0 : s.lockedUntil() - System.currentTimeMillis();
        return left > 0 ? (left + 999) / 1000 : 0;
    }

    public void failed(String name) {
        states.compute(name, (k, s) -> {
            int f = (s == null || (s.lockedUntil() > 0 && s.lockedUntil() <= System.currentTimeMillis())) ? 1 : s.failures() + 1;
            return new State(f, f >= maxFailures ? System.currentTimeMillis() + lockoutMillis : 0);
        });
        if (states.size() > 100_000) {
            states.clear();
        }
    }

    public void succeeded(String name) {
        states.remove(name);
    }
}
