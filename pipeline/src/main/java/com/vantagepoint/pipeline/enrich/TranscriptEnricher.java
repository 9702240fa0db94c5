package com.vantagepoint.pipeline.enrich;

import com.vantagepoint.pipeline.staging.Columns;
import com.vantagepoint.scoring.analysis.ComplaintCategory;
import com.vantagepoint.scoring.analysis.TranscriptAnalysis;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Adds transcript intelligence (SPEC §6) to staged transcripts: sentiment, complaint category and confidence,
 * with the provider, model and status of each result. This is the one partition-level step of the job, because
 * the work is external: each partition is analyzed in batches through the {@link TranscriptAnalyzer} that its
 * executor JVM holds (one per configuration, reused across partitions). No record is ever dropped: a result
 * the analyzer cannot give becomes a neutral {@code fallback} row.
 */
public final class TranscriptEnricher {
    public static final String SENTIMENT_SCORE = "sentiment_score";
    public static final String COMPLAINT_CATEGORY = "complaint_category";
    public static final String CATEGORY_CONFIDENCE = "category_confidence";
    public static final String PROVIDER = "provider";
    public static final String MODEL = "model";
    public static final String ENRICHMENT_STATUS = "enrichment_status";
    public static final String STATUS_OK = "ok";
    public static final String STATUS_REPAIRED = "repaired";
    public static final String STATUS_FALLBACK = "fallback";

    private final AnalyzerFactory analyzers;
    private final int batchSize;

    public TranscriptEnricher(AnalyzerFactory analyzers, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be positive");
        }
        this.analyzers = analyzers;
        this.batchSize = batchSize;
    }

    /** Staged transcripts (with {@link Columns#TRANSCRIPT_BODY}) plus the six enrichment columns. */
    public Dataset<Row> enrich(Dataset<Row> transcripts) {
        StructType in = transcripts.schema();
        StructType out = in
                .add(SENTIMENT_SCORE, DataTypes.DoubleType, false)
                .add(COMPLAINT_CATEGORY, DataTypes.StringType, false)
                .add(CATEGORY_CONFIDENCE, DataTypes.DoubleType, false)
                .add(PROVIDER, DataTypes.StringType, false)
                .add(MODEL, DataTypes.StringType, false)
                .add(ENRICHMENT_STATUS, DataTypes.StringType, false);
        int bodyIndex = in.fieldIndex(Columns.TRANSCRIPT_BODY);
        return transcripts.mapPartitions(new EnrichPartition(analyzers, batchSize, bodyIndex), Encoders.row(out));
    }

    /** Analyzes one partition lazily, batch by batch. */
    private record EnrichPartition(AnalyzerFactory analyzers, int batchSize, int bodyIndex)
            implements MapPartitionsFunction<Row, Row> {

        @Override
        public Iterator<Row> call(Iterator<Row> rows) {
            TranscriptAnalyzer analyzer = AnalyzerHolder.get(analyzers);
            return new Iterator<>() {
                private Iterator<Row> batch = List.<Row>of().iterator();

                @Override
                public boolean hasNext() {
                    if (!batch.hasNext() && rows.hasNext()) {
                        batch = analyzeBatch(analyzer, rows).iterator();
                    }
                    return batch.hasNext();
                }

                @Override
                public Row next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    return batch.next();
                }
            };
        }

        private List<Row> analyzeBatch(TranscriptAnalyzer analyzer, Iterator<Row> rows) {
            List<Row> inputs = new ArrayList<>(batchSize);
            List<String> texts = new ArrayList<>(batchSize);
            while (rows.hasNext() && inputs.size() < batchSize) {
                Row row = rows.next();
                inputs.add(row);
                texts.add(row.isNullAt(bodyIndex) ? "" : row.getString(bodyIndex));
            }
            List<TranscriptAnalysis> results;
            try {
                results = analyzer.analyzeAll(texts);
            } catch (RuntimeException batchFailure) {
                results = null;
            }
            List<Row> out = new ArrayList<>(inputs.size());
            for (int i = 0; i < inputs.size(); i++) {
                TranscriptAnalysis result = results != null && results.size() == inputs.size()
                        ? results.get(i) : analyzeOne(analyzer, texts.get(i));
                String status = result == null ? STATUS_FALLBACK : STATUS_OK;
                if (result == null) {
                    result = new TranscriptAnalysis(0.0, ComplaintCategory.GENERAL, 0.0, List.of());
                }
                out.add(withEnrichment(inputs.get(i), result, analyzer.provider(), analyzer.model(), status));
            }
            return out;
        }

        private static TranscriptAnalysis analyzeOne(TranscriptAnalyzer analyzer, String text) {
            try {
                return analyzer.analyze(text);
            } catch (RuntimeException e) {
                return null;
            }
        }

        private static Row withEnrichment(Row row, TranscriptAnalysis a, String provider, String model,
                                          String status) {
            Object[] values = new Object[row.length() + 6];
            for (int i = 0; i < row.length(); i++) {
                values[i] = row.get(i);
            }
            int n = row.length();
            values[n] = a.sentiment();
            values[n + 1] = a.category().label();
            values[n + 2] = a.confidence();
            values[n + 3] = provider;
            values[n + 4] = model;
            values[n + 5] = status;
            return RowFactory.create(values);
        }
    }
}
