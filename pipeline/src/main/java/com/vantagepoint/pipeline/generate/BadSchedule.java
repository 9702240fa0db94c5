package com.vantagepoint.pipeline.generate;

/**
 * Spreads {@code bad} bad records evenly over {@code valid} valid rows: bad record k follows valid row
 * floor((2k + 1) · valid / (2 · bad)) and has reason k mod |reasons|, so every reason appears as soon
 * as there are at least as many bad records as reasons.
 */
final class BadSchedule {
    final long valid;
    final long bad;
    final BadReason[] reasons;

    BadSchedule(long valid, double share, BadReason[] reasons) {
        this.valid = valid;
        this.reasons = reasons;
        this.bad = share <= 0 || valid == 0 ? 0 : Math.max(reasons.length, Math.round(share * valid));
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
