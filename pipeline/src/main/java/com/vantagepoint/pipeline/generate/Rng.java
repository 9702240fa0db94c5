package com.vantagepoint.pipeline.generate;

import java.util.SplittableRandom;

/** One independent random stream per (seed, purpose, entity): output never depends on thread timing. */
final class Rng {
    static final long ACCOUNT = 1;
    static final long USAGE = 2;
    static final long TRANSCRIPTS = 3;
    static final long OPPORTUNITIES = 4;
    static final long BAD = 5;

    private Rng() {
    }

    static SplittableRandom of(long seed, long stream, long entity) {
        long z = seed * 0x9E3779B97F4A7C15L + stream * 0xBF58476D1CE4E5B9L + entity * 0x94D049BB133111EBL;
        return new SplittableRandom(mix(mix(z) ^ stream));
    }

    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    static int between(SplittableRandom r, int lo, int hiInclusive) {
        return r.nextInt(lo, hiInclusive + 1);
    }

    static double gaussian(SplittableRandom r) {
        // Box–Muller; SplittableRandom has no nextGaussian on Java 17.
        double u1 = 1.0 - r.nextDouble();
        double u2 = r.nextDouble();
        return Math.sqrt(-2.0 * StrictMath.log(u1)) * StrictMath.cos(2 * Math.PI * u2);
    }

    static <T> T pick(SplittableRandom r, T[] values) {
        return values[r.nextInt(values.length)];
    }
}
