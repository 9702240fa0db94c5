package com.vantagepoint.api.auth;

import java.util.concurrent.ConcurrentHashMap;

/**
 * Remembers tokens that verified (signature checks dominate the cost of a small request) for a
 * short while; a cached entry is used only until its own deadline, which never exceeds ten seconds, and is
 * passed through the delegate's {@link TokenVerifier#current} on every use, so a removed or demoted user
 * loses access at once.
 */
public final class CachingVerifier implements TokenVerifier {
    private static final int MAX_ENTRIES = 10_000;
    private static final long HOLD_MILLIS = 10_000;

    private record Entry(Principal principal, long until) {
    }

    private final TokenVerifier delegate;
    private final ConcurrentHashMap<String, Entry> cache = new ConcurrentHashMap<>();

    public CachingVerifier(TokenVerifier delegate) {
        this.delegate = delegate;
    }

    @Override
    public Principal verify(String token) throws AuthException {
        long now = System.currentTimeMillis();
        Entry e = cache.get(token);
        if (e != null && now < e.until()) {
            return delegate.current(e.principal());
        }
        Principal p = delegate.verify(token);
        long exp = expiryMillis(token);
        if (exp > now) {
            if (cache.size() >= MAX_ENTRIES) {
                cache.clear();
            }
            cache.put(token, new Entry(p, Math.min(exp, now + HOLD_MILLIS)));
        }
        return p;
    }

    private static long expiryMillis(String token) {
        try {
            java.util.Date exp = com.nimbusds.jwt.JWTParser.parse(token).getJWTClaimsSet().getExpirationTime();
            return exp == null ? 0 : exp.getTime();
        } catch (Exception ex) {
            return 0;
        }
    }
}
