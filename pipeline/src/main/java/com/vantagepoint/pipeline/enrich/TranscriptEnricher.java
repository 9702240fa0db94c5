package com.vantagepoint.pipeline.enrich;

import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.analysis.ComplaintCategory;
import com.vantagepoint.scoring.analysis.TranscriptAnalysis;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;
import com.vantagepoint.scoring.analysis.bedrock.EnrichmentResult;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Optional;

import static com.vantagepoint.scoring.catalog.Columns.BODY_SHA256;
import static com.vantagepoint.scoring.catalog.Columns.COMPLAINT_CONFIDENCE;
import static com.vantagepoint.scoring.catalog.Columns.COMPLAINT_CATEGORY;
import static com.vantagepoint.scoring.catalog.Columns.ENRICHMENT_STATUS;
import static com.vantagepoint.scoring.catalog.Columns.MODEL;
import static com.vantagepoint.scoring.catalog.Columns.PROMPT_VERSION;
import static com.vantagepoint.scoring.catalog.Columns.PROVIDER;
import static com.vantagepoint.scoring.catalog.Columns.SENTIMENT_SCORE;
import static com.vantagepoint.scoring.catalog.Columns.STATUS_FALLBACK;
import static com.vantagepoint.scoring.catalog.Columns.STATUS_OK;
import static com.vantagepoint.scoring.catalog.Columns.STATUS_REPAIRED;
import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sha2;

/**
 * Adds transcript intelligence to staged transcripts: sentiment, complaint category and confidence,
 * with the provider, model and status of each result. This is the one partition-level step of the job, because
 * the work is external: each partition is analyzed in batches through the {@link TranscriptAnalyzer} that its
 * executor JVM holds (one per configuration, reused across partitions and tasks). A partition hands the analyzer
 * {@link TranscriptAnalyzer#preferredBatchSize()} transcripts at a time through {@link TranscriptAnalyzer#enrichAll}
 * (for Bedrock, {@code batch-size × max-concurrency}: that many batch calls in parallel under the executor's rate
 * budget); the status of each result ({@code ok|repaired|fallback}, with the fallback's provider and model) and the
 * usage the analyzer reports are kept. No record is ever dropped: a batch the analyzer fails on is analyzed text by
 * text, and a result no analyzer can give becomes a neutral {@code fallback} row.
 *
 * <p>Incremental: {@link #enrichIncrementally} joins the transcripts to the published enrichment cache on the
 * SHA-256 of the text (a normal join, restricted to the run's {@link CacheKey}) and sends only the misses to the
 * analyzer. Usage (calls, retries, throttles, tokens, cost, fallbacks, cache hits) goes to {@link EnrichmentUsage}.
 */
public final class TranscriptEnricher {
    /** Helper column of {@link #enrichIncrementally} (not published in the enriched mart). */
    public static final String FROM_CACHE = "from_cache";

    private static final String C_SENTIMENT = "_cache_sentiment";
    private static final String C_CATEGORY = "_cache_category";
    private static final String C_CONFIDENCE = "_cache_confidence";
    private static final String C_STATUS = "_cache_status";
    private static final String C_SHA = "_cache_sha256";
    private static final Logger LOG = LoggerFactory.getLogger(TranscriptEnricher.class);

    private final AnalyzerFactory analyzers;
    private final EnrichmentUsage usage;

    public TranscriptEnricher(AnalyzerFactory analyzers) {
        this(analyzers, null);
    }

    /** @param usage the run's accumulators, or null to not count */
    public TranscriptEnricher(AnalyzerFactory analyzers, EnrichmentUsage usage) {
        this.analyzers = analyzers;
        this.usage = usage;
    }

    /** Staged transcripts (with {@link Columns#TRANSCRIPT_BODY}) plus the six enrichment columns; every row analyzed. */
    public Dataset<Row> enrich(Dataset<Row> transcripts) {
        return enrichIncrementally(transcripts, Optional.empty(), null).drop(BODY_SHA256, FROM_CACHE);
    }

    /**
     * Staged transcripts plus the six enrichment columns, {@link #BODY_SHA256} and {@link #FROM_CACHE}. Rows whose
     * text has a cached result under {@code key} take it (status as cached); only the others are analyzed.
     *
     * @param cache ENRICHMENT_CACHE of the published run (empty: nothing published yet, or {@code --reenrich})
     */
    public Dataset<Row> enrichIncrementally(Dataset<Row> transcripts, Optional<Dataset<Row>> cache, CacheKey key) {
        Dataset<Row> hashed = transcripts.withColumn(BODY_SHA256,
                sha2(coalesce(col(Columns.TRANSCRIPT_BODY), lit("")), 256));
        Dataset<Row> joined;
        if (cache.isPresent() && key != null) {
            Dataset<Row> hits = cache.get()
                    .where(col(PROVIDER).equalTo(lit(key.provider()))
                            .and(col(MODEL).equalTo(lit(key.model())))
                            .and(col(PROMPT_VERSION).equalTo(lit(key.promptVersion())))
                            .and(col(ENRICHMENT_STATUS).notEqual(lit(STATUS_FALLBACK))))
                    .select(col(BODY_SHA256).as(C_SHA),
                            col(SENTIMENT_SCORE).cast(DataTypes.DoubleType).as(C_SENTIMENT),
                            col(COMPLAINT_CATEGORY).as(C_CATEGORY),
                            col(COMPLAINT_CONFIDENCE).cast(DataTypes.DoubleType).as(C_CONFIDENCE),
                            col(ENRICHMENT_STATUS).as(C_STATUS))
                    .dropDuplicates(C_SHA);
            joined = hashed.join(hits, hashed.col(BODY_SHA256).equalTo(hits.col(C_SHA)), "left").drop(C_SHA);
        } else {
            joined = hashed.withColumn(C_SENTIMENT, lit(null).cast(DataTypes.DoubleType))
                    .withColumn(C_CATEGORY, lit(null).cast(DataTypes.StringType))
                    .withColumn(C_CONFIDENCE, lit(null).cast(DataTypes.DoubleType))
                    .withColumn(C_STATUS, lit(null).cast(DataTypes.StringType));
        }
        StructType base = hashed.schema();
        StructType out = base
                .add(SENTIMENT_SCORE, DataTypes.DoubleType, false)
                .add(COMPLAINT_CATEGORY, DataTypes.StringType, false)
                .add(COMPLAINT_CONFIDENCE, DataTypes.DoubleType, false)
                .add(PROVIDER, DataTypes.StringType, false)
                .add(MODEL, DataTypes.StringType, false)
                .add(ENRICHMENT_STATUS, DataTypes.StringType, false)
                .add(FROM_CACHE, DataTypes.BooleanType, false);
        Column[] ordered = new Column[base.size() + 4];
        for (int i = 0; i < base.size(); i++) {
            ordered[i] = col(base.fields()[i].name());
        }
        ordered[base.size()] = col(C_SENTIMENT);
        ordered[base.size() + 1] = col(C_CATEGORY);
        ordered[base.size() + 2] = col(C_CONFIDENCE);
        ordered[base.size() + 3] = col(C_STATUS);
        Layout layout = new Layout(base.size(), base.fieldIndex(Columns.TRANSCRIPT_BODY), key);
        return joined.select(ordered)
                .mapPartitions(new EnrichPartition(analyzers, layout, usage), Encoders.row(out));
    }

    /** Where things are in the partition's input rows: base columns, then the four cached-result columns. */
    private record Layout(int baseWidth, int bodyIndex, CacheKey key) implements Serializable {
    }

    /** Analyzes one partition lazily, chunk by chunk; cached rows pass straight through. */
    private record EnrichPartition(AnalyzerFactory analyzers, Layout layout, EnrichmentUsage usage)
            implements MapPartitionsFunction<Row, Row> {

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            TranscriptAnalyzer analyzer = AnalyzerHolder.get(analyzers);
            int chunk = Math.max(1, analyzer.preferredBatchSize());
            return new Iterator<>() {
                private Iterator<Row> ready = List.<Row>of().iterator();

                @Override
                public boolean hasNext() {
                    while (!ready.hasNext() && rows.hasNext()) {
                        ready = nextChunk(analyzer, rows, chunk).iterator();
                    }
                    return ready.hasNext();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return ready.next();
                }
            };
        }

        /** Reads rows until {@code chunk} misses (or the end), analyzes the misses, returns all rows in order. */
        private List<Row> nextChunk(TranscriptAnalyzer analyzer, Iterator<Row> rows, int chunk) {
            List<Row> inputs = new ArrayList<>();
            List<Integer> misses = new ArrayList<>();
            int cacheCol = layout.baseWidth();
            while (rows.hasNext() && misses.size() < chunk) {
                Row row = rows.next();
                if (row.isNullAt(cacheCol)) {
                    misses.add(inputs.size());
                }
                inputs.add(row);
            }
            List<String> texts = new ArrayList<>(misses.size());
            for (Integer i : misses) {
                Row row = inputs.get(i);
                texts.add(row.isNullAt(layout.bodyIndex()) ? "" : row.getString(layout.bodyIndex()));
            }
            List<EnrichmentResult> results = texts.isEmpty() ? List.of() : analyze(analyzer, texts);
            Row[] out = new Row[inputs.size()];
            long fallbacks = 0;
            for (int k = 0; k < misses.size(); k++) {
                EnrichmentResult r = results.get(k);
                if (r.isFallback()) {
                    fallbacks++;
                }
                out[misses.get(k)] = withEnrichment(inputs.get(misses.get(k)), r.analysis().sentiment(),
                        r.analysis().category().label(), r.analysis().confidence(), r.provider(), r.model(),
                        r.status(), false);
            }
            long hits = 0;
            for (int i = 0; i < out.length; i++) {
                if (out[i] == null) {
                    Row row = inputs.get(i);
                    hits++;
                    out[i] = withEnrichment(row, row.getDouble(cacheCol), row.getString(cacheCol + 1),
                            row.getDouble(cacheCol + 2), layout.key().provider(), layout.key().model(),
                            row.getString(cacheCol + 3), true);
                }
            }
            if (usage != null) {
                usage.addCacheHits(hits);
                usage.addFallbacks(fallbacks);
                usage.addAnalyzed(misses.size());
            }
            return List.of(out);
        }

        /** One result per text, in order, as the analyzer reports them; a batch it fails on goes text by text. */
        private List<EnrichmentResult> analyze(TranscriptAnalyzer analyzer, List<String> texts) {
            Failures failures = new Failures();
            try {
                TranscriptAnalyzer.Enriched enriched = analyzer.enrichAll(texts);
                if (complete(enriched, texts.size())) {
                    if (usage != null) {
                        usage.addModelUsage(enriched.usage());
                    }
                    return enriched.results();
                }
            } catch (RuntimeException batchFailure) {
                failures.add(batchFailure);
            }
            List<EnrichmentResult> out = new ArrayList<>(texts.size());
            for (String text : texts) {
                out.add(analyzeOne(analyzer, text, failures));
            }
            failures.log(analyzer, texts.size());
            return out;
        }

        private static boolean complete(TranscriptAnalyzer.Enriched enriched, int expected) {
            return enriched.results().size() == expected
                    && enriched.results().stream().allMatch(r -> r != null && r.analysis() != null);
        }

        /** The analyzer's result for one text, or a neutral fallback when it fails on it too. */
        private static EnrichmentResult analyzeOne(TranscriptAnalyzer analyzer, String text, Failures failures) {
            TranscriptAnalysis a = null;
            try {
                a = analyzer.analyze(text);
            } catch (RuntimeException e) {
                failures.add(e);
            }
            return a == null
                    ? new EnrichmentResult(new TranscriptAnalysis(0.0, ComplaintCategory.GENERAL, 0.0, List.of()),
                    STATUS_FALLBACK, analyzer.provider(), analyzer.model())
                    : new EnrichmentResult(a, STATUS_OK, analyzer.provider(), analyzer.model());
        }

        private Row withEnrichment(Row row, double sentiment, String category, double confidence, String provider,
                                   String model, String status, boolean fromCache) {
            int n = layout.baseWidth();
            Object[] values = new Object[n + 7];
            for (int i = 0; i < n; i++) {
                values[i] = row.get(i);
            }
            values[n] = sentiment;
            values[n + 1] = category;
            values[n + 2] = confidence;
            values[n + 3] = provider;
            values[n + 4] = model;
            values[n + 5] = status;
            values[n + 6] = fromCache;
            return RowFactory.create(values);
        }
    }

    /**
     * The analyzer's failures on one chunk, counted and reported in a single line with the first cause: the rows are
     * kept (text by text, else neutral), and the log says why, without a stack trace per row.
     */
    private static final class Failures {
        private int count;
        private RuntimeException first;

        void add(RuntimeException e) {
            if (count++ == 0) {
                first = e;
            }
        }

        void log(TranscriptAnalyzer analyzer, int texts) {
            if (count > 0) {
                LOG.warn("analyzer {}/{} failed {} time(s) on a chunk of {} text(s), first cause: {}; the chunk went "
                                + "text by text and texts that failed again fell back",
                        analyzer.provider(), analyzer.model(), count, texts, first.toString());
            }
        }
    }
}
