package com.vantagepoint.pipeline.enrich;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.scoring.analysis.TranscriptAnalysis;
import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;
import com.vantagepoint.scoring.config.VantageConfig;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;

class TranscriptEnricherTest {

    @Test
    void configuredFactoryTravelsToExecutorsAndBuildsTheConfiguredProvider() throws Exception {
        AnalyzerFactory factory = new ConfiguredAnalyzers(VantageConfig.load(null, Map.of("enrichment.provider", "local")));
        AnalyzerFactory copy = roundTrip(factory);
        assertEquals(factory.key(), copy.key());
        TranscriptAnalyzer analyzer = copy.create();
        assertEquals("local", analyzer.provider());
    }

    @Test
    void enrichesEveryRowInBatchesAndFallsBackWithoutDroppingAny() {
        StructType schema = new StructType().add("interaction_id", DataTypes.StringType)
                .add("transcript_body", DataTypes.StringType);
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < 23; i++) {
            rows.add(RowFactory.create("T" + i, i == 7 ? "boom" : "text " + i));
        }
        List<Row> out = new TranscriptEnricher(new FailingOnBoom())
                .enrich(SharedSpark.spark().createDataFrame(rows, schema).repartition(3))
                .collectAsList();
        assertEquals(23, out.size());
        for (Row r : out) {
            boolean boom = "T7".equals(r.getAs("interaction_id"));
            assertEquals(boom ? "fallback" : "ok", r.getAs("enrichment_status"));
            assertEquals(boom ? 0.0 : 0.5, (double) r.getAs("sentiment_score"));
            assertEquals("test", r.getAs("provider"));
        }
    }

    /** Fails whole batches that contain "boom" and the single record itself. */
    static final class FailingOnBoom implements AnalyzerFactory {
        @Override
        public String key() {
            return "failing-on-boom";
        }

        @Override
        public TranscriptAnalyzer create() {
            return new TranscriptAnalyzer() {
                public String provider() {
                    return "test";
                }

                public String model() {
                    return "test-1";
                }

                public int preferredBatchSize() {
                    return 5;
                }

                public TranscriptAnalysis analyze(String text) {
                    if (text.contains("boom")) {
                        throw new IllegalStateException("boom");
                    }
                    return new TranscriptAnalysis(0.5, com.vantagepoint.scoring.analysis.ComplaintCategory.GENERAL, 1, List.of());
                }
            };
        }
    }

    private static AnalyzerFactory roundTrip(AnalyzerFactory factory) throws IOException, ClassNotFoundException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(factory);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (AnalyzerFactory) in.readObject();
        }
    }
}
