package com.vantagepoint.pipeline.generate;

/**
 * Spreads {@code bad} bad records evenly over {@code valid} valid rows: bad record k follows valid row
 * floor((2k + 1) · valid / (2 · bad)) and has reason k mod |reasons|, so every reason appears as soon
 * as there are at least as many bad records as reasons.
 * <p>Every reason is planted (even beyond {@code share}) only while that stays within
 * {@link #MAX_COVERAGE_SHARE} of the rows: small generated sets must still pass the run's default reject gate
 * (5 %), so below that size only {@code share} of the rows is bad.
 */
final class BadSchedule {
    final long valid;
    final long bad;
    final BadReason[] reasons;
    /** The largest share of bad rows planted to cover every reason: under the default 5 % reject gate. */
    static final double MAX_COVERAGE_SHARE = 0.04;

    BadSchedule(long valid, double share, BadReason[] reasons) {
        this.valid = valid;
        this.reasons = reasons;
        long wanted = Math.round(share * valid);
        boolean coverAllReasons = reasons.length <= MAX_COVERAGE_SHARE * valid;
        this.bad = share <= 0 || valid == 0 ? 0 : coverAllReasons ? Math.max(reasons.length, wanted) : wanted;
    }

    /** The valid row index that bad record k follows. */
    long anchor(long k) {
        return (long) Math.floor((2.0 * k + 1) * valid / (2.0 * bad));
    }

    BadReason reason(long k) {
        return reasons[(int) (k % reasons.length)];
    }

    /** The first bad record whose anchor is at or after {@code row}; {@code bad} when none. */
    long firstAtOrAfter(long row) {
        if (bad == 0) {
            return 0;
        }
        long k = Math.max(0, (long) Math.floor((double) row * bad / valid) - 2);
        while (k < bad && anchor(k) < row) {
            k++;
        }
        return k;
    }
}
