package com.vantagepoint.pipeline.job;

import java.security.SecureRandom;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Run ids: {@code run-<yyyyMMdd'T'HHmmss'Z'>-<6 hex>}. */
public final class RunIds {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss'Z'")
            .withZone(ZoneOffset.UTC);
    private static final SecureRandom RANDOM = new SecureRandom();

    private RunIds() {
    }

    public static String next(Instant startedAt) {
        return "run-" + STAMP.format(startedAt) + "-" + String.format("%06x", RANDOM.nextInt(1 << 24));
    }
}
