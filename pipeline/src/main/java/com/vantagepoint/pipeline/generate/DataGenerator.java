package com.vantagepoint.pipeline.generate;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

/**
 * Deterministic synthetic raw data in the input layout (crm/, usage_logs/, transcripts/), streamed row by row.
 *
 * <p>Every account gets a plan (archetype, dates, volumes) from its own random stream; session,
 * transcript and opportunity counts are then allocated exactly to the requested totals by
 * cumulative rounding over the plans' weights, which also fixes each account's id offsets. Accounts
 * are split into fixed shards (independent of the number of threads); each shard writes its own part
 * files, so the bytes do not depend on scheduling. Bad records are spread evenly between the valid
 * ones and cycle through the reason codes.
 */
public final class DataGenerator {
    static final String[] EXTRA_FEATURES = {"AI Assistant", "Forecasting", "Mobile App"};
    static final String[] PRODUCTS = {"VP-CORE", "VP-ANALYTICS", "VP-API", "VP-SECURE", "VP-PLUS"};
    static final String[] LEAD_SOURCES = {"inbound", "outbound", "partner", "event", "referral", "web"};
    static final String[] ERROR_CODES = {"E500", "E502", "E503", "E504", "E429", "E401", "E403", "E404",
            "TIMEOUT", "SYNC_FAILED"};
    private static final int ACCOUNTS_PER_SHARD = 25_000;

    /** Observes the valid rows as they are planned (tests use it to read the planted truth). */
    public interface Listener {
        default void account(String accountId, Archetype archetype) {
        }

        default void transcript(String interactionId, String resolvedAccountId, String interactionType,
                                double plantedSentiment, String plantedCategory) {
        }
    }

    public static final Listener NO_LISTENER = new Listener() {
    };

    private final GeneratorOptions o;
    private final Listener listener;
    private final String[] features;
    private final long asOfDay;
    private final int n;
    private final int accWidth;
    private final int oppWidth;
    private final int sesWidth;
    private final int intWidth;
    private final int multiplier;
    private final int permOffset;
    // Per account: exact counts and the global index of its first row (prefix sums).
    private int[] sessions;
    private long[] sessionOffset;
    private int[] tickets;
    private int[] others;
    private long[] interactionOffset;
    private int[] opps;
    private long[] oppOffset;
    private long totalOpps;

    private DataGenerator(GeneratorOptions o, Listener listener) {
        this.o = o;
        this.listener = listener;
        this.features = o.features().toArray(String[]::new);
        this.asOfDay = o.asOf().toEpochDay();
        this.n = o.accounts();
        this.accWidth = Math.max(4, digits(n));
        this.sesWidth = Math.max(5, digits(o.usageLogs()));
        this.intWidth = Math.max(5, digits(o.transcripts()));
        int m = Math.max(1, (int) Math.round(n * 0.6180339887) + 1);
        while (gcd(m, n) != 1) {
            m++;
        }
        this.multiplier = m;
        this.permOffset = (int) Math.floorMod(o.seed(), (long) n);
        plan();
        this.oppWidth = Math.max(4, digits(totalOpps));
    }

    /** Generates the data set described by {@code options}; returns what was written. */
    public static GenerationSummary generate(GeneratorOptions options) {
        return generate(options, NO_LISTENER);
    }

    public static GenerationSummary generate(GeneratorOptions options, Listener listener) {
        long t0 = System.nanoTime();
        clearOutput(options.out());
        DataGenerator g = new DataGenerator(options, listener);
        GenerationSummary summary = new GenerationSummary(options.out());
        g.writeAccounts(summary);
        g.writeOpportunities(summary);
        g.writeActivity(summary);
        summary.elapsedNanos = System.nanoTime() - t0;
        return summary;
    }

    // ---------------------------------------------------------------------------------------------
    // planning

    Archetype archetypeOf(int i) {
        long p = ((long) i * multiplier + permOffset) % n;
        return Archetype.at((p + 0.5) / n);
    }

    String accountId(int i) {
        return "ACC-" + pad(i + 1, accWidth);
    }

    AccountPlan planFor(int i) {
        return new AccountPlan(o.seed(), i, archetypeOf(i), accountId(i), o.asOf());
    }

    private void plan() {
        double[] sessionWeights = new double[n];
        double[] ticketWeights = new double[n];
        double[] otherWeights = new double[n];
        opps = new int[n];
        for (int i = 0; i < n; i++) {
            AccountPlan p = planFor(i);
            sessionWeights[i] = p.sessionWeight;
            ticketWeights[i] = p.ticketsDesired;
            otherWeights[i] = p.otherWeight;
            opps[i] = p.opportunities;
        }
        long ticketTotal = Math.round(o.transcripts() * 0.40);
        if (sum(ticketWeights) == 0) {
            ticketTotal = 0;
        }
        if (sum(otherWeights) == 0) {
            ticketTotal = o.transcripts();
        }
        sessions = allocate(sessionWeights, o.usageLogs());
        tickets = allocate(ticketWeights, ticketTotal);
        others = allocate(otherWeights, o.transcripts() - ticketTotal);
        sessionOffset = new long[n];
        interactionOffset = new long[n];
        oppOffset = new long[n];
        long s = 0;
        long t = 0;
        long q = 0;
        for (int i = 0; i < n; i++) {
            sessionOffset[i] = s;
            interactionOffset[i] = t;
            oppOffset[i] = q;
            s += sessions[i];
            t += tickets[i] + others[i];
            q += opps[i];
        }
        totalOpps = q;
    }

    /** Integer counts proportional to the weights that add up exactly to {@code total}. */
    static int[] allocate(double[] weights, long total) {
        double w = sum(weights);
        int[] counts = new int[weights.length];
        if (w <= 0 || total <= 0) {
            return counts;
        }
        double cumulative = 0;
        long previous = 0;
        for (int i = 0; i < weights.length; i++) {
            cumulative += weights[i];
            long upTo = i == weights.length - 1 ? total : (long) Math.floor(cumulative * total / w + 1e-9);
            counts[i] = (int) (upTo - previous);
            previous = upTo;
        }
        return counts;
    }

    // ---------------------------------------------------------------------------------------------
    // CRM

    private void writeAccounts(GenerationSummary summary) {
        BadSchedule bad = new BadSchedule(n, o.badShare(), BadReason.ACCOUNTS);
        JsonLine j = new JsonLine();
        long nextBad = 0;
        try (PartWriter w = new PartWriter(o.out().resolve("crm/accounts"), false, 0, o.gzip(), o.maxRowsPerPart())) {
            for (int i = 0; i < n; i++) {
                AccountPlan p = planFor(i);
                listener.account(p.accountId, p.archetype);
                String line = accountLine(j, p.accountId, p.industry, "" , p.revenuePence, p.start, p.end, p.churned,
                        p.tier, p.ownerId);
                w.write(line);
                summary.valid(GenerationSummary.ACCOUNTS);
                while (nextBad < bad.bad && bad.anchor(nextBad) == i) {
                    w.write(badAccount(j, nextBad, bad.reason(nextBad), p, line));
                    summary.bad(GenerationSummary.ACCOUNTS, bad.reason(nextBad));
                    nextBad++;
                }
            }
        }
    }

    private static String accountLine(JsonLine j, String id, String industry, String revenueOverride, long revenuePence,
                                      LocalDate start, LocalDate end, boolean churned, String tier, String owner) {
        j.begin();
        if (id != null) {
            j.str("account_id", id);
        }
        j.str("industry", industry);
        if (revenueOverride.isEmpty()) {
            j.money("annual_revenue", revenuePence);
        } else {
            j.raw("annual_revenue", revenueOverride);
        }
        return j.date("subscription_start_date", start).date("subscription_end_date", end)
                .bool("is_churned", churned).str("tier", tier).str("account_owner_id", owner).end();
    }

    private String badAccount(JsonLine j, long k, BadReason reason, AccountPlan p, String validLine) {
        SplittableRandom r = Rng.of(o.seed(), Rng.BAD * 10 + 1, k);
        String id = "ACC-8" + pad(k + 1, accWidth);
        return switch (reason) {
            case DUPLICATE -> validLine;
            case MALFORMED_JSON -> truncate(r, accountLine(j, id, p.industry, "", p.revenuePence, p.start, p.end, false,
                    p.tier, p.ownerId));
            case MISSING_KEY -> accountLine(j, null, p.industry, "", p.revenuePence, p.start, p.end, false, p.tier, p.ownerId);
            case BAD_TYPE -> accountLine(j, id, p.industry, Rng.pick(r, new String[] {"\"lots\"", "\"1.2m\"", "\"£ unknown\""}),
                    0, p.start, p.end, false, p.tier, p.ownerId);
            default -> accountLine(j, id, p.industry, "", p.revenuePence, p.start, p.end, false,
                    Rng.pick(r, new String[] {"platinum", "gold", "Enterprise+"}), p.ownerId);
        };
    }

    private record Opportunity(String id, String product, String stage, long amountPence, LocalDate closeDate,
                               String leadSource) {
    }

    private Opportunity opportunity(AccountPlan p, int k) {
        long global = oppOffset[p.index] + k;
        SplittableRandom r = Rng.of(o.seed(), Rng.OPPORTUNITIES, global);
        String product = Rng.pick(r, PRODUCTS);
        double u = r.nextDouble();
        String stage = switch (p.archetype) {
            case HEALTHY -> u < 0.6 ? "closed-won" : "prospecting";
            case AT_RISK -> u < 0.5 ? "closed-won" : u < 0.85 ? "prospecting" : "closed-lost";
            case CRITICAL -> u < 0.5 ? "closed-won" : u < 0.8 ? "closed-lost" : "prospecting";
            case CHURNED -> u < 0.5 ? "closed-won" : "closed-lost";
            case FUTURE -> "prospecting";
        };
        long startDay = p.start.toEpochDay();
        LocalDate close;
        if (stage.equals("prospecting")) {
            close = LocalDate.ofEpochDay(asOfDay + Rng.between(r, 10, 180));
        } else {
            long last = p.end != null && p.churned ? p.end.toEpochDay() : asOfDay;
            long first = Math.min(startDay - 60, last - 1);
            close = LocalDate.ofEpochDay(first + r.nextLong(last - first + 1));
        }
        long amount = Math.round(5_000 * StrictMath.exp(r.nextDouble() * 4)) * 100 + r.nextInt(100);
        return new Opportunity("OPP-" + pad(global + 1, oppWidth), product, stage, amount, close, Rng.pick(r, LEAD_SOURCES));
    }

    private static String opportunityLine(JsonLine j, String id, String accountId, Opportunity op, String stage,
                                          String amountOverride) {
        j.begin();
        if (id != null) {
            j.str("opportunity_id", id);
        }
        j.str("account_id", accountId).str("product_code", op.product).str("stage", stage);
        if (amountOverride.isEmpty()) {
            j.money("amount_gbp", op.amountPence);
        } else {
            j.raw("amount_gbp", amountOverride);
        }
        return j.date("close_date", op.closeDate).str("lead_source", op.leadSource).end();
    }

    private void writeOpportunities(GenerationSummary summary) {
        BadSchedule bad = new BadSchedule(totalOpps, o.badShare(), BadReason.OPPORTUNITIES);
        JsonLine j = new JsonLine();
        long nextBad = 0;
        try (PartWriter w = new PartWriter(o.out().resolve("crm/opportunities"), false, 0, o.gzip(), o.maxRowsPerPart())) {
            for (int i = 0; i < n; i++) {
                AccountPlan p = planFor(i);
                for (int k = 0; k < opps[i]; k++) {
                    Opportunity op = opportunity(p, k);
                    String line = opportunityLine(j, op.id, p.accountId, op, op.stage, "");
                    w.write(line);
                    summary.valid(GenerationSummary.OPPORTUNITIES);
                    long row = oppOffset[i] + k;
                    while (nextBad < bad.bad && bad.anchor(nextBad) == row) {
                        BadReason reason = bad.reason(nextBad);
                        SplittableRandom r = Rng.of(o.seed(), Rng.BAD * 10 + 2, nextBad);
                        String id = "OPP-8" + pad(nextBad + 1, oppWidth);
                        String badLine = switch (reason) {
                            case DUPLICATE -> line;
                            case MALFORMED_JSON -> truncate(r, opportunityLine(j, id, p.accountId, op, op.stage, ""));
                            case MISSING_KEY -> opportunityLine(j, null, p.accountId, op, op.stage, "");
                            case BAD_TYPE -> opportunityLine(j, id, p.accountId, op, op.stage,
                                    Rng.pick(r, new String[] {"\"n/a\"", "\"TBD\"", "\"£12k\""}));
                            case BAD_VALUE -> opportunityLine(j, id, p.accountId, op,
                                    Rng.pick(r, new String[] {"won", "negotiation", "Closed Won"}), "");
                            default -> opportunityLine(j, id, "ACC-9" + pad(nextBad + 1, accWidth), op, op.stage, "");
                        };
                        w.write(badLine);
                        summary.bad(GenerationSummary.OPPORTUNITIES, reason);
                        nextBad++;
                    }
                }
            }
        }
    }

    // ---------------------------------------------------------------------------------------------
    // usage and transcripts, sharded

    private void writeActivity(GenerationSummary summary) {
        // A function of the account count only (never of the machine), so the file set is reproducible.
        int shards = n < 2_000 ? 1 : Math.max(2, (n + ACCOUNTS_PER_SHARD - 1) / ACCOUNTS_PER_SHARD);
        int threads = Math.max(1, Math.min(shards, Runtime.getRuntime().availableProcessors()));
        BadSchedule usageBad = new BadSchedule(o.usageLogs() == 0 ? 0 : sessionOffset[n - 1] + sessions[n - 1],
                o.badShare(), BadReason.USAGE);
        BadSchedule transcriptBad = new BadSchedule(interactionOffset[n - 1] + tickets[n - 1] + others[n - 1],
                o.badShare(), BadReason.TRANSCRIPTS);
        List<GenerationSummary> parts = new ArrayList<>();
        if (threads == 1) {
            for (int s = 0; s < shards; s++) {
                parts.add(shard(s, shards, usageBad, transcriptBad));
            }
        } else {
            ExecutorService pool = Executors.newFixedThreadPool(threads);
            try {
                List<Future<GenerationSummary>> futures = new ArrayList<>();
                for (int s = 0; s < shards; s++) {
                    int shard = s;
                    futures.add(pool.submit(() -> shard(shard, shards, usageBad, transcriptBad)));
                }
                for (Future<GenerationSummary> f : futures) {
                    parts.add(f.get());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("generation interrupted", e);
            } catch (ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException re) {
                    throw re;
                }
                throw new IllegalStateException(cause);
            } finally {
                pool.shutdownNow();
            }
        }
        parts.forEach(summary::add);
    }

    private GenerationSummary shard(int shard, int shards, BadSchedule usageBad, BadSchedule transcriptBad) {
        int from = (int) ((long) n * shard / shards);
        int to = (int) ((long) n * (shard + 1) / shards);
        GenerationSummary counts = new GenerationSummary(o.out());
        TranscriptComposer composer = new TranscriptComposer(features);
        JsonLine j = new JsonLine();
        try (PartWriter usage = new PartWriter(o.out().resolve("usage_logs"), true, shard, o.gzip(), o.maxRowsPerPart());
             PartWriter transcripts = new PartWriter(o.out().resolve("transcripts"), true, shard, o.gzip(), o.maxRowsPerPart())) {
            long nextUsageBad = usageBad.firstAtOrAfter(sessionOffset[from]);
            long nextTranscriptBad = transcriptBad.firstAtOrAfter(interactionOffset[from]);
            for (int i = from; i < to; i++) {
                AccountPlan p = planFor(i);
                nextUsageBad = writeUsage(p, usage, j, counts, usageBad, nextUsageBad);
                nextTranscriptBad = writeTranscripts(p, transcripts, j, composer, counts, transcriptBad, nextTranscriptBad);
            }
        }
        return counts;
    }

    private long sessionSecond(AccountPlan p, SplittableRandom r, boolean last) {
        long day;
        if (last) {
            day = p.lastActiveDay;
        } else if (p.archetype == Archetype.HEALTHY && r.nextDouble() < 0.015) {
            day = asOfDay + Rng.between(r, 1, 5); // a few days after as-of: valid, just outside the window
        } else {
            long span = p.lastActiveDay - p.windowStartDay + 1;
            double u = r.nextDouble();
            double f = p.archetype == Archetype.HEALTHY ? StrictMath.pow(u, 0.8) : 1 - Math.sqrt(1 - u);
            day = Math.min(p.lastActiveDay, p.windowStartDay + (long) (span * f));
        }
        return day * Timestamps.SECONDS_PER_DAY + secondOfDay(r);
    }

    private static int secondOfDay(SplittableRandom r) {
        return r.nextDouble() < 0.9 ? 7 * 3600 + r.nextInt(12 * 3600) : r.nextInt(24 * 3600);
    }

    private static Timestamps.Style style(SplittableRandom r) {
        double u = r.nextDouble();
        return u < 0.955 ? Timestamps.Style.ZULU : u < 0.98 ? Timestamps.Style.PLUS_ONE_HOUR : Timestamps.Style.NO_OFFSET;
    }

    private static String usageLine(JsonLine j, String sessionId, String accountId, String user, String feature,
                                    String duration, String error, long ts, Timestamps.Style style) {
        j.begin();
        if (sessionId != null) {
            j.str("session_id", sessionId);
        }
        if (accountId != null) {
            j.str("account_id", accountId);
        }
        j.str("user_id", user).str("feature_used", feature).raw("session_duration_seconds", duration)
                .str("error_codes_encountered", error);
        StringBuilder sb = j.buffer();
        sb.append(",\"timestamp\":\"");
        Timestamps.append(sb, ts, style);
        sb.append('"');
        return j.end();
    }

    private long writeUsage(AccountPlan p, PartWriter w, JsonLine j, GenerationSummary counts, BadSchedule bad, long nextBad) {
        int count = sessions[p.index];
        if (count == 0) {
            return nextBad;
        }
        SplittableRandom r = Rng.of(o.seed(), Rng.USAGE, p.index);
        long[] times = new long[count];
        for (int s = 0; s < count; s++) {
            times[s] = sessionSecond(p, r, s == 0);
        }
        Arrays.sort(times);
        long first = p.windowStartDay * Timestamps.SECONDS_PER_DAY;
        long span = Math.max(1, (p.lastActiveDay + 1) * Timestamps.SECONDS_PER_DAY - first);
        String userPrefix = "USR-" + p.accountId.substring(4) + "-";
        for (int s = 0; s < count; s++) {
            long g = sessionOffset[p.index] + s;
            long ts = times[s];
            double phase = Math.min(1, Math.max(0, (ts - first) / (double) span));
            String feature = pickFeature(p, r);
            double errorP = switch (p.archetype) {
                case CHURNED -> p.errorRate + 0.25 * phase;
                case AT_RISK -> p.errorRate * (0.5 + phase);
                default -> p.errorRate;
            };
            String error = null;
            if (r.nextDouble() < errorP) {
                error = Rng.pick(r, ERROR_CODES);
                if (r.nextDouble() < 0.15) {
                    error = error + "," + Rng.pick(r, ERROR_CODES);
                }
            } else if (r.nextDouble() < 0.003) {
                error = ""; // blank: not an error for the health score
            }
            double mu = p.archetype == Archetype.HEALTHY ? 6.2 : p.archetype == Archetype.CRITICAL ? 5.2 : 5.7;
            long duration = Math.max(5, Math.min(14_400, Math.round(StrictMath.exp(mu + 0.8 * Rng.gaussian(r)))));
            int userNo = 1 + (int) (p.users * StrictMath.pow(r.nextDouble(), 1.5));
            String user = userPrefix + (userNo < 10 ? "0" : "") + userNo;
            Timestamps.Style st = style(r);
            String sessionId = "SES-" + pad(g + 1, sesWidth);
            String line = usageLine(j, sessionId, p.accountId, user, feature, Long.toString(duration), error, ts, st);
            w.write(ts, line);
            counts.valid(GenerationSummary.USAGE_LOGS);
            while (nextBad < bad.bad && bad.anchor(nextBad) == g) {
                BadReason reason = bad.reason(nextBad);
                SplittableRandom b = Rng.of(o.seed(), Rng.BAD * 10 + 3, nextBad);
                String badId = "SES-8" + pad(nextBad + 1, sesWidth);
                String d = Long.toString(duration);
                long badTs = ts;
                String badLine = switch (reason) {
                    case DUPLICATE -> {
                        badTs = ts - Rng.between(b, 600, 86_400);
                        yield usageLine(j, sessionId, p.accountId, user, feature, Long.toString(Math.max(5, duration / 2)),
                                error, badTs, Timestamps.Style.ZULU);
                    }
                    case MALFORMED_JSON -> truncate(b, usageLine(j, badId, p.accountId, user, feature, d, error, ts, st));
                    case MISSING_KEY -> b.nextBoolean()
                            ? usageLine(j, null, p.accountId, user, feature, d, error, ts, st)
                            : usageLine(j, badId, null, user, feature, d, error, ts, st);
                    case BAD_TYPE -> usageLine(j, badId, p.accountId, user, feature,
                            Rng.pick(b, new String[] {"\"abc\"", "\"12 minutes\"", "\"n/a\""}), error, ts, st);
                    case BAD_VALUE -> usageLine(j, badId, p.accountId, user, feature,
                            Long.toString(-Rng.between(b, 1, 900)), error, ts, st);
                    default -> usageLine(j, badId, "ACC-9" + pad(nextBad + 1, accWidth), user, feature, d, error, ts, st);
                };
                w.write(badTs, badLine);
                counts.bad(GenerationSummary.USAGE_LOGS, reason);
                nextBad++;
            }
        }
        return nextBad;
    }

    private String pickFeature(AccountPlan p, SplittableRandom r) {
        if (r.nextDouble() < 0.003) {
            return Rng.pick(r, EXTRA_FEATURES); // outside the configured list: valid, a quality warning
        }
        int k = (int) (p.features.length * StrictMath.pow(r.nextDouble(), p.archetype == Archetype.HEALTHY ? 1.3 : 1.8));
        return features[p.features[Math.min(k, p.features.length - 1)] % features.length];
    }

    private record Interaction(long ts, String type, double sentiment, int category) {
    }

    private static final double[][] TICKET_CATEGORY_WEIGHTS = {
            // billing, performance, bugs, feature_request, onboarding, security, data_quality, general
            {0.10, 0.05, 0.05, 0.35, 0.20, 0.00, 0.05, 0.20}, // healthy
            {0.15, 0.25, 0.25, 0.10, 0.10, 0.00, 0.10, 0.05}, // at risk
            {0.15, 0.25, 0.25, 0.00, 0.00, 0.10, 0.15, 0.10}, // critical
            {0.30, 0.20, 0.20, 0.00, 0.00, 0.10, 0.10, 0.10}, // churned
    };
    private static final double[] SALES_CATEGORY_WEIGHTS = {0.35, 0.15, 0.0, 0.20, 0.0, 0.0, 0.0, 0.30};

    private static int weighted(SplittableRandom r, double[] weights) {
        double u = r.nextDouble() * sum(weights);
        for (int i = 0; i < weights.length; i++) {
            u -= weights[i];
            if (u < 0) {
                return i;
            }
        }
        return weights.length - 1;
    }

    private Interaction interaction(AccountPlan p, SplittableRandom r, boolean ticket) {
        long ws = p.windowStartDay;
        long endDay = p.conversationEndDay;
        long day;
        if (!ticket && p.archetype == Archetype.HEALTHY && r.nextDouble() < 0.03) {
            day = asOfDay + Rng.between(r, 1, 4);
        } else {
            long from = ws;
            double shape = switch (p.archetype) {
                case HEALTHY -> 1.0;
                case AT_RISK -> ticket ? 0.5 : 0.7;
                case CRITICAL -> ticket ? 0.5 : 0.7;
                default -> ticket ? 0.7 : 0.8;
            };
            if (ticket && p.archetype == Archetype.CHURNED) {
                from = Math.max(ws, endDay - 180); // complaints pile up before they leave
            }
            day = Math.min(endDay, from + (long) ((endDay - from + 1) * StrictMath.pow(r.nextDouble(), shape)));
        }
        double phase = Math.min(1, Math.max(0, (day - ws) / (double) Math.max(1, endDay - ws)));
        double noise = Rng.gaussian(r);
        double s = switch (p.archetype) {
            case HEALTHY -> (ticket ? 0.15 : 0.45) + 0.2 * noise;
            case AT_RISK -> 0.15 - 0.55 * phase - (ticket ? 0.1 : 0) + 0.15 * noise;
            case CRITICAL -> -0.2 - 0.5 * phase - (ticket ? 0.1 : 0) + 0.15 * noise;
            default -> 0.35 - 1.05 * StrictMath.pow(phase, 1.3) - (ticket ? 0.1 : 0) + 0.15 * noise;
        };
        s = Math.round(Math.max(-0.95, Math.min(0.95, s)) * 100) / 100.0;
        String type;
        int category;
        int row = Math.min(p.archetype.ordinal(), 3);
        if (ticket) {
            type = "support_ticket";
            category = weighted(r, TICKET_CATEGORY_WEIGHTS[row]);
        } else if (r.nextDouble() < 35.0 / 60.0) {
            type = "sales_call";
            category = weighted(r, SALES_CATEGORY_WEIGHTS);
        } else {
            type = "email";
            category = weighted(r, TICKET_CATEGORY_WEIGHTS[row]);
        }
        return new Interaction(day * Timestamps.SECONDS_PER_DAY + secondOfDay(r), type, s, category);
    }

    private static String transcriptLine(JsonLine j, String id, String accountId, boolean nullAccount, String oppId,
                                         String ts, String type, String body) {
        j.begin();
        if (id != null) {
            j.str("interaction_id", id);
        }
        if (accountId != null || nullAccount) {
            j.str("account_id", accountId);
        }
        if (oppId != null) {
            j.str("opportunity_id", oppId);
        }
        return j.raw("timestamp", ts).str("interaction_type", type).str("transcript_body", body).end();
    }

    private long writeTranscripts(AccountPlan p, PartWriter w, JsonLine j, TranscriptComposer composer,
                                  GenerationSummary counts, BadSchedule bad, long nextBad) {
        int count = tickets[p.index] + others[p.index];
        if (count == 0) {
            return nextBad;
        }
        SplittableRandom r = Rng.of(o.seed(), Rng.TRANSCRIPTS, p.index);
        Interaction[] items = new Interaction[count];
        for (int k = 0; k < count; k++) {
            items[k] = interaction(p, r, k < tickets[p.index]);
        }
        Arrays.sort(items, Comparator.comparingLong(Interaction::ts));
        for (int k = 0; k < count; k++) {
            Interaction it = items[k];
            long g = interactionOffset[p.index] + k;
            String id = "INT-" + pad(g + 1, intWidth);
            Opportunity op = opportunity(p, r.nextInt(opps[p.index]));
            String accountId = p.accountId;
            String oppId = null;
            boolean nullAccount = false;
            if (it.type.equals("sales_call") || (it.type.equals("email") && r.nextBoolean())) {
                accountId = null;
                oppId = op.id;
                nullAccount = r.nextDouble() < 0.3;
            } else if (it.type.equals("email") && r.nextDouble() < 0.2) {
                oppId = op.id;
            }
            int feature = p.features[r.nextInt(p.features.length)] % features.length;
            String body = composer.compose(r, it.type, it.category, it.sentiment, feature, op.product);
            Timestamps.Style st = style(r);
            String ts = "\"" + Timestamps.format(it.ts, st) + "\"";
            String line = transcriptLine(j, id, accountId, nullAccount, oppId, ts, it.type, body);
            w.write(it.ts, line);
            counts.valid(GenerationSummary.TRANSCRIPTS);
            listener.transcript(id, p.accountId, it.type, it.sentiment, TranscriptComposer.CATEGORIES[it.category]);
            while (nextBad < bad.bad && bad.anchor(nextBad) == g) {
                BadReason reason = bad.reason(nextBad);
                SplittableRandom b = Rng.of(o.seed(), Rng.BAD * 10 + 4, nextBad);
                String badId = "INT-8" + pad(nextBad + 1, intWidth);
                long badTs = it.ts;
                String badLine = switch (reason) {
                    case DUPLICATE -> {
                        badTs = it.ts - Rng.between(b, 600, 86_400);
                        yield transcriptLine(j, id, accountId, nullAccount, oppId,
                                "\"" + Timestamps.format(badTs, Timestamps.Style.ZULU) + "\"", it.type,
                                "[draft] " + body);
                    }
                    case MALFORMED_JSON -> truncate(b, transcriptLine(j, badId, p.accountId, false, null, ts, it.type, body));
                    case MISSING_KEY -> transcriptLine(j, null, p.accountId, false, null, ts, it.type, body);
                    case BAD_TYPE -> transcriptLine(j, badId, p.accountId, false, null,
                            Rng.pick(b, new String[] {"\"last Tuesday\"", "\"31/02/2026 10:00\"", "\"yesterday\""}),
                            it.type, body);
                    case BAD_VALUE -> transcriptLine(j, badId, p.accountId, false, null, ts,
                            Rng.pick(b, new String[] {"fax", "chat", "SMS"}), body);
                    case UNKNOWN_ACCOUNT -> transcriptLine(j, badId, "ACC-9" + pad(nextBad + 1, accWidth), false, null,
                            ts, it.type, body);
                    case UNKNOWN_OPPORTUNITY -> transcriptLine(j, badId, null, false, "OPP-9" + pad(nextBad + 1, oppWidth),
                            ts, "sales_call", body);
                    case UNATTRIBUTED -> transcriptLine(j, badId, null, b.nextBoolean(), null, ts, "email", body);
                };
                w.write(badTs, badLine);
                counts.bad(GenerationSummary.TRANSCRIPTS, reason);
                nextBad++;
            }
        }
        return nextBad;
    }

    // ---------------------------------------------------------------------------------------------
    // helpers

    /** Cuts a JSON line short so that it no longer parses (never empty, never a complete object). */
    private static String truncate(SplittableRandom r, String line) {
        int cut = Math.max(8, Math.min(line.length() - 2, (int) (line.length() * (0.3 + 0.5 * r.nextDouble()))));
        return line.substring(0, cut);
    }

    /** Removes earlier generated data (only the four source folders, only JSON files) so runs do not mix. */
    private static void clearOutput(Path out) {
        for (String sub : new String[] {"crm/accounts", "crm/opportunities", "usage_logs", "transcripts"}) {
            Path dir = out.resolve(sub);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> walk = Files.walk(dir)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    String name = p.getFileName().toString();
                    if (Files.isDirectory(p)) {
                        try (Stream<Path> children = Files.list(p)) {
                            if (children.findAny().isEmpty()) {
                                Files.delete(p);
                            }
                        }
                    } else if (name.endsWith(".json") || name.endsWith(".json.gz") || name.startsWith(".")
                            || name.endsWith(".crc")) {
                        Files.delete(p);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot clear " + dir + ": " + e.getMessage(), e);
            }
        }
    }

    static String pad(long value, int width) {
        String s = Long.toString(value);
        if (s.length() >= width) {
            return s;
        }
        return "0".repeat(width - s.length()) + s;
    }

    private static int digits(long v) {
        return Long.toString(Math.max(1, v)).length();
    }

    private static int gcd(int a, int b) {
        return b == 0 ? a : gcd(b, a % b);
    }

    private static double sum(double[] values) {
        double s = 0;
        for (double v : values) {
            s += v;
        }
        return s;
    }

    static String describe(Map<BadReason, Long> m) {
        StringBuilder sb = new StringBuilder();
        for (Map.Entry<BadReason, Long> e : new EnumMap<>(m).entrySet()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(e.getKey().code()).append('=').append(e.getValue());
        }
        return sb.length() == 0 ? "none" : sb.toString().toLowerCase(Locale.ROOT);
    }
}
