package com.vantagepoint.api.mart;

import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.health.RiskTier;
import com.vantagepoint.scoring.health.Signal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One published run held in memory, immutable once built: the account columns as primitive
 * arrays, a sorted row index per column (built on first use), portfolio summary figures, insights and score history.
 * A request works against one snapshot from start to end, so it never sees two runs mixed.
 */
public final class Snapshot implements AutoCloseable {
    /** Tier labels in triage order; a row's tier code is its index here. */
    public static final List<String> TIERS = RiskTier.labels();
    public static final String ID = Columns.ACCOUNT_ID;

    private final String version;
    private final RunInfo run;
    private final Map<String, Column> columns;
    private final int size;
    private final Map<String, Integer> rowById;
    /**
     * Per sort column, built when a page first sorts by it (a load does not wait for 34 sorts the dashboard may
     * never ask for): the sorted rows, and those of each risk tier / industry (a filtered page is a slice).
     */
    private final Map<String, Sorted> sorted = new ConcurrentHashMap<>();
    private final int[] tierInts;
    private final String[] idLower;
    private final byte[] tierCode;
    private final int[] industryCode;
    private final List<String> industries;
    private final Insights insights;
    private final History history;
    private final Summary summary;
    private final TranscriptSource transcripts;
    private final Movers movers;
    private final Backtest backtest;
    private final Instant loadedAt = Instant.now();

    /** PIPELINE_RUNS facts of the run. */
    public record RunInfo(String runId, String asOfDate, Instant finishedAt) {
    }

    /** Per-row insight columns (null arrays when the table is absent). */
    public record Insights(String[] recommendation, String[] transcriptSummary, String[] provider, String[] model) {
        static Insights empty(int n) {
            return new Insights(new String[n], new String[n], new String[n], new String[n]);
        }
    }

    /**
     * Score history: {@code scores[row * dates.length + d]}, NaN when the account was not scored that date;
     * {@code points[signal.ordinal()]} alike per signal (null when the history has no points column for it).
     */
    public record History(String[] dates, double[] scores, byte[] tiers, float[][] points,
                          List<Map<String, Object>> tierCounts) {
    }

    /**
     * One account's score against {@code windowDays} before (ACCOUNT_SCORE_CHANGES); the per-signal arrays are in
     * {@link Signal} order, metric values null where the metric had no data.
     */
    public record Mover(String accountId, int windowDays, String asOfDate, String asOfDateBefore, double score,
                        Double scoreBefore, double change, String tier, String tierBefore, Long negativeInteractions,
                        String topComplaintCategory, double[] pointsDelta, Double[] value, Double[] valueBefore) {
    }

    /**
     * Per window, the biggest drops and the biggest rises, biggest first (a window is absent when no account had a
     * score then to compare with); {@code note} says why there are none when the warehouse has no score changes.
     */
    public record Movers(boolean published, String note, Map<Integer, List<Mover>> drops, Map<Integer, List<Mover>> rises) {
        static Movers unpublished(String note) {
            return new Movers(false, note, Map.of(), Map.of());
        }

        /** True when some account had a score {@code windowDays} before to compare with. */
        public boolean compared(int windowDays) {
            return drops.containsKey(windowDays);
        }

        /** The {@code limit} biggest drops (or rises) over the window, biggest first; only scores that moved that way. */
        public List<Mover> biggest(int windowDays, boolean drops, int limit) {
            List<Mover> all = (drops ? this.drops : rises).getOrDefault(windowDays, List.of());
            return all.subList(0, Math.min(limit, all.size()));
        }
    }

    /** The rows of the latest SCORE_BACKTEST, each keyed by column name; empty when no backtest has run. */
    public record Backtest(List<Map<String, Object>> rows) {
    }

    /** Portfolio figures computed once per snapshot. */
    public record Summary(int total, Map<String, Integer> counts, List<Map<String, Object>> histogram,
                          List<Map<String, Object>> trend, List<String> industries) {
    }

    /** Filters of a dashboard page; null means "any". */
    public record Filter(String riskTier, String industry, String q) {
    }

    /** One page: the row numbers to show, in order, and how many rows matched in all. */
    public record Page(int[] rows, int totalMatching, int limit, int offset) {
    }

    Snapshot(String version, RunInfo run, Map<String, Column> columns, int size, Insights insights, History history,
             TranscriptSource transcripts, Movers movers, Backtest backtest) {
        this.version = version;
        this.movers = movers;
        this.backtest = backtest;
        this.run = run;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        this.size = size;
        this.insights = insights;
        this.history = history;
        this.transcripts = transcripts;
        Column id = columns.get(ID);
        Column tier = columns.get(Columns.RISK_TIER);
        Column industry = columns.get("industry");
        this.rowById = new HashMap<>(size * 2);
        this.idLower = new String[size];
        this.tierCode = new byte[size];
        this.industryCode = new int[size];
        List<String> inds = new ArrayList<>();
        Map<String, Integer> indIndex = new HashMap<>();
        for (int r = 0; r < size; r++) {
            String accountId = id.string(r);
            rowById.put(accountId, r);
            idLower[r] = accountId.toLowerCase(Locale.ROOT);
            tierCode[r] = (byte) TIERS.indexOf(tier.string(r));
            String ind = industry.string(r);
            industryCode[r] = ind == null ? -1 : indIndex.computeIfAbsent(ind, k -> {
                inds.add(k);
                return inds.size() - 1;
            });
        }
        this.industries = List.copyOf(inds);
        this.tierInts = new int[size];
        for (int r = 0; r < size; r++) {
            tierInts[r] = tierCode[r];
        }
        this.summary = buildSummary();
    }

    /** Sorts every column not sorted yet (a page sorts its column itself when it comes first). */
    void sortAllColumns() {
        columns.keySet().forEach(this::sorted);
    }

    /** One column's rows in ascending order, in all and split by risk tier and by industry. */
    private record Sorted(Column.SortIndex all, Column.SortIndex[] byTier, Column.SortIndex[] byIndustry) {
    }

    private Sorted sorted(String column) {
        Sorted s = sorted.get(column);
        return s != null ? s : sorted.computeIfAbsent(column, this::sort);
    }

    private Sorted sort(String column) {
        Column.SortIndex all = columns.get(column).buildSortIndex();
        return new Sorted(all, partition(all, tierInts, TIERS.size()), partition(all, industryCode, industries.size()));
    }

    /** Splits a sorted index by a row code, keeping the order (and nulls last) within each part. */
    private static Column.SortIndex[] partition(Column.SortIndex index, int[] code, int parts) {
        int[] sizes = new int[parts];
        int[] nonNull = new int[parts];
        int[] order = index.order();
        for (int i = 0; i < order.length; i++) {
            int c = code[order[i]];
            if (c >= 0) {
                sizes[c]++;
                if (i < index.nonNull()) {
                    nonNull[c]++;
                }
            }
        }
        int[][] rows = new int[parts][];
        for (int p = 0; p < parts; p++) {
            rows[p] = new int[sizes[p]];
        }
        int[] fill = new int[parts];
        for (int r : order) {
            int c = code[r];
            if (c >= 0) {
                rows[c][fill[c]++] = r;
            }
        }
        Column.SortIndex[] out = new Column.SortIndex[parts];
        for (int p = 0; p < parts; p++) {
            out[p] = new Column.SortIndex(rows[p], nonNull[p]);
        }
        return out;
    }

    private Summary buildSummary() {
        int[] counts = new int[TIERS.size()];
        int[] bins = new int[10];
        Column score = columns.get(Columns.HEALTH_SCORE);
        for (int r = 0; r < size; r++) {
            if (tierCode[r] >= 0) {
                counts[tierCode[r]]++;
            }
            if (!score.isNull(r)) {
                bins[Math.max(0, Math.min(9, (int) Math.floor(score.number(r) / 10.0)))]++;
            }
        }
        Map<String, Integer> countMap = new LinkedHashMap<>();
        for (int t = 0; t < TIERS.size(); t++) {
            countMap.put(TIERS.get(t), counts[t]);
        }
        List<Map<String, Object>> histogram = new ArrayList<>();
        for (int b = 0; b < 10; b++) {
            Map<String, Object> bin = new LinkedHashMap<>();
            bin.put("from", b * 10);
            bin.put("to", b * 10 + 10);
            bin.put("count", bins[b]);
            histogram.add(bin);
        }
        List<String> sortedIndustries = new ArrayList<>(industries);
        Collections.sort(sortedIndustries);
        return new Summary(size, Collections.unmodifiableMap(countMap), List.copyOf(histogram),
                history.tierCounts(), List.copyOf(sortedIndustries));
    }

    public String version() {
        return version;
    }

    public RunInfo run() {
        return run;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public int size() {
        return size;
    }

    public Summary summary() {
        return summary;
    }

    /** The account columns in table order. */
    public Collection<Column> columns() {
        return columns.values();
    }

    public Set<String> columnNames() {
        return columns.keySet();
    }

    public Column column(String name) {
        return columns.get(name);
    }

    public List<String> industries() {
        return summary.industries();
    }

    /** The row of an account, or -1. */
    public int row(String accountId) {
        Integer r = rowById.get(accountId);
        return r == null ? -1 : r;
    }

    public int tierCode(int row) {
        return tierCode[row];
    }

    public String industryOf(int row) {
        int c = industryCode[row];
        return c < 0 ? null : industries.get(c);
    }

    /** All columns of one account row. */
    public Map<String, Object> account(int row) {
        Map<String, Object> out = new LinkedHashMap<>(columns.size() * 2);
        for (Column c : columns.values()) {
            out.put(c.name(), c.value(row));
        }
        return out;
    }

    /**
     * Walks the sorted index of the sort column once, keeping the rows that pass the filters:
     * no per-request sorting, no allocation beyond the page.
     */
    public Page page(Filter filter, String sort, boolean descending, int limit, int offset) {
        if (!columns.containsKey(sort)) {
            throw new IllegalArgumentException("unknown sort column: " + sort);
        }
        int tier = filter.riskTier() == null ? -2 : TIERS.indexOf(filter.riskTier());
        int industry = filter.industry() == null ? -2 : industries.indexOf(filter.industry());
        String q = filter.q() == null || filter.q().isEmpty() ? null : filter.q().toLowerCase(Locale.ROOT);
        if (tier == -1 || industry == -1) {
            return new Page(new int[0], 0, limit, offset);
        }
        Sorted index = sorted(sort);
        Column.SortIndex base = index.all();
        if (tier >= 0 && industry >= 0) {
            Column.SortIndex t = index.byTier()[tier];
            Column.SortIndex i = index.byIndustry()[industry];
            base = t.order().length <= i.order().length ? t : i;
        } else if (tier >= 0) {
            base = index.byTier()[tier];
        } else if (industry >= 0) {
            base = index.byIndustry()[industry];
        }
        int n = base.order().length;
        boolean exact = q == null && (tier < 0 || industry < 0);
        if (exact) {
            int[] rows = new int[(int) Math.max(0, Math.min(limit, (long) n - offset))];
            for (int k = 0; k < rows.length; k++) {
                rows[k] = base.at(offset + k, descending);
            }
            return new Page(rows, n, limit, offset);
        }
        int[] rows = new int[Math.min(limit, n)];
        int taken = 0;
        int matching = 0;
        long end = offset + (long) limit;
        for (int i = 0; i < n; i++) {
            int r = base.at(i, descending);
            if ((tier >= 0 && tierCode[r] != tier)
                    || (industry >= 0 && industryCode[r] != industry)
                    || (q != null && !idLower[r].contains(q))) {
                continue;
            }
            if (matching >= offset && matching < end) {
                rows[taken++] = r;
            }
            matching++;
        }
        return new Page(Arrays.copyOf(rows, taken), matching, limit, offset);
    }

    public Insights insights() {
        return insights;
    }

    public History history() {
        return history;
    }

    /** One account's score history, oldest first. */
    public List<Map<String, Object>> historyOf(int row) {
        String[] dates = history.dates();
        List<Map<String, Object>> out = new ArrayList<>();
        for (int d = 0; d < dates.length; d++) {
            double s = history.scores()[row * dates.length + d];
            if (Double.isNaN(s)) {
                continue;
            }
            Map<String, Object> point = new LinkedHashMap<>();
            point.put("as_of_date", dates[d]);
            point.put(Columns.HEALTH_SCORE, s);
            byte t = history.tiers()[row * dates.length + d];
            point.put(Columns.RISK_TIER, t >= 0 ? TIERS.get(t) : null);
            for (Signal signal : Signal.values()) {
                float[] points = history.points()[signal.ordinal()];
                float p = points == null ? Float.NaN : points[row * dates.length + d];
                // back to the 2 decimals the mart holds (the float keeps them, its double widening does not)
                point.put(signal.pointsColumn(), Float.isNaN(p) ? null : Math.round(p * 100.0) / 100.0);
            }
            out.add(point);
        }
        return out;
    }

    public Movers movers() {
        return movers;
    }

    public Backtest backtest() {
        return backtest;
    }

    public TranscriptSource transcripts() {
        return transcripts;
    }

    @Override
    public void close() {
        transcripts.close();
    }
}
