package com.vantagepoint.pipeline.generate;

import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;

/**
 * What to generate. Counts are of valid rows; bad records (planted rejects) come on top.
 *
 * @param out             root of the raw layout (crm/, usage_logs/, transcripts/)
 * @param accounts        CRM accounts; opportunities follow (one to four per account)
 * @param usageLogs       usage sessions
 * @param transcripts     interaction transcripts
 * @param seed            same seed and options give byte-identical files
 * @param asOf            the planted signals are designed to be read as of this date
 * @param badShare        share of bad records per source, on top of the valid ones (0 = none)
 * @param gzip            write {@code .json.gz}
 * @param features        the product's features (conf {@code vantagepoint.features})
 * @param maxRowsPerPart  rows per part file before it rolls over
 */
public record GeneratorOptions(Path out, int accounts, long usageLogs, long transcripts, long seed, LocalDate asOf,
                               double badShare, boolean gzip, List<String> features, int maxRowsPerPart) {
    public static final int DEFAULT_ACCOUNTS = 200;
    public static final long DEFAULT_USAGE_LOGS = 7_500;
    public static final long DEFAULT_TRANSCRIPTS = 650;
    public static final long DEFAULT_SEED = 42;
    public static final double DEFAULT_BAD_SHARE = 0.01;
    public static final int DEFAULT_MAX_ROWS_PER_PART = 500_000;

    public GeneratorOptions {
        if (out == null) {
            throw new IllegalArgumentException("--out is required");
        }
        if (accounts < 1) {
            throw new IllegalArgumentException("--accounts must be at least 1, got " + accounts);
        }
        if (usageLogs < 0 || transcripts < 0) {
            throw new IllegalArgumentException("--usage-logs and --transcripts must not be negative");
        }
        if (!(badShare >= 0 && badShare <= 0.5)) {
            throw new IllegalArgumentException("--bad-share must be between 0 and 0.5, got " + badShare);
        }
        if (asOf == null) {
            throw new IllegalArgumentException("--as-of is required");
        }
        if (features == null || features.isEmpty()) {
            throw new IllegalArgumentException("the feature list (vantagepoint.features) is empty");
        }
        if (maxRowsPerPart < 1) {
            throw new IllegalArgumentException("rows per part must be positive");
        }
        features = List.copyOf(features);
    }

    /** Seed-scale defaults (200 accounts, 7,500 sessions, 650 transcripts) for the given output and as-of date. */
    public static GeneratorOptions defaults(Path out, LocalDate asOf, List<String> features) {
        return new GeneratorOptions(out, DEFAULT_ACCOUNTS, DEFAULT_USAGE_LOGS, DEFAULT_TRANSCRIPTS, DEFAULT_SEED, asOf,
                DEFAULT_BAD_SHARE, false, features, DEFAULT_MAX_ROWS_PER_PART);
    }

    public GeneratorOptions withSeed(long newSeed) {
        return new GeneratorOptions(out, accounts, usageLogs, transcripts, newSeed, asOf, badShare, gzip, features, maxRowsPerPart);
    }

    public GeneratorOptions withBadShare(double share) {
        return new GeneratorOptions(out, accounts, usageLogs, transcripts, seed, asOf, share, gzip, features, maxRowsPerPart);
    }

    public GeneratorOptions withOut(Path dir) {
        return new GeneratorOptions(dir, accounts, usageLogs, transcripts, seed, asOf, badShare, gzip, features, maxRowsPerPart);
    }

    public GeneratorOptions withGzip(boolean gz) {
        return new GeneratorOptions(out, accounts, usageLogs, transcripts, seed, asOf, badShare, gz, features, maxRowsPerPart);
    }

    public GeneratorOptions withMaxRowsPerPart(int rows) {
        return new GeneratorOptions(out, accounts, usageLogs, transcripts, seed, asOf, badShare, gzip, features, rows);
    }
}
