package com.vantagepoint.api.mart;

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

/**
 * One published run held in memory, immutable once built: the account columns as primitive
 * arrays, a pre-sorted row index per column, portfolio summary figures, insights and score history.
 * A request works against one snapshot from start to end, so it never sees two runs mixed.
 */
public final class Snapshot implements AutoCloseable {
    public static final List<String> TIERS = List.of("healthy", "at_risk", "critical", "churned");
    public static final String ID = "account_id";

    private final String version;
    private final RunInfo run;
    private final Map<String, Column> columns;
    private final int size;
    private final Map<String, Integer> rowById;
    private final Map<String, Column.SortIndex> sortIndexes;
    private final String[] idLower;
    private final byte[] tierCode;
    private final int[] industryCode;
    private final List<String> industries;
    private final Insights insights;
    private final History history;
    private final Summary summary;
    private final TranscriptSource transcripts;
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

    /** Score history: {@code scores[row * dates.length + d]}, NaN when the account was not scored that date. */
    public record History(String[] dates, double[] scores, byte[] tiers, List<Map<String, Object>> tierCounts) {
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
             TranscriptSource transcripts) {
        this.version = version;
        this.run = run;
        this.columns = Collections.unmodifiableMap(new LinkedHashMap<>(columns));
        this.size = size;
        this.insights = insights;
        this.history = history;
        this.transcripts = transcripts;
        Column id = columns.get(ID);
        Column tier = columns.get("risk_tier");
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
        Map<String, Column.SortIndex> idx = new HashMap<>();
        columns.values().parallelStream()
                .map(c -> Map.entry(c.name(), c.buildSortIndex()))
                .toList()
                .forEach(e -> idx.put(e.getKey(), e.getValue()));
        this.sortIndexes = Map.copyOf(idx);
        this.summary = buildSummary();
    }

    private Summary buildSummary() {
        int[] counts = new int[TIERS.size()];
        int[] bins = new int[10];
        Column score = columns.get("health_score");
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
     * Walks the pre-sorted index of the sort column once, keeping the rows that pass the filters:
     * no per-request sorting, no allocation beyond the page.
     */
    public Page page(Filter filter, String sort, boolean descending, int limit, int offset) {
        Column.SortIndex index = sortIndexes.get(sort);
        if (index == null) {
            throw new IllegalArgumentException("unknown sort column: " + sort);
        }
        int tier = filter.riskTier() == null ? -2 : TIERS.indexOf(filter.riskTier());
        int industry = filter.industry() == null ? -2 : industries.indexOf(filter.industry());
        String q = filter.q() == null || filter.q().isEmpty() ? null : filter.q().toLowerCase(Locale.ROOT);
        int[] rows = new int[Math.max(0, Math.min(limit, size - offset))];
        int taken = 0;
        if (tier == -2 && industry == -2 && q == null) {
            for (int i = offset; i < size && i < offset + (long) limit; i++) {
                rows[taken++] = index.at(i, descending);
            }
            return new Page(rows, size, limit, offset);
        }
        int matching = 0;
        long end = offset + (long) limit;
        for (int i = 0; i < size; i++) {
            int r = index.at(i, descending);
            if ((tier != -2 && tierCode[r] != tier)
                    || (industry != -2 && industryCode[r] != industry)
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
            point.put("health_score", s);
            byte t = history.tiers()[row * dates.length + d];
            point.put("risk_tier", t >= 0 ? TIERS.get(t) : null);
            out.add(point);
        }
        return out;
    }

    public TranscriptSource transcripts() {
        return transcripts;
    }

    @Override
    public void close() {
        transcripts.close();
    }
}
