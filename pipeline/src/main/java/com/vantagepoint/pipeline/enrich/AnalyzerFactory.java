package com.vantagepoint.pipeline.enrich;

import com.vantagepoint.scoring.analysis.TranscriptAnalyzer;

import java.io.Serializable;

/**
 * Builds the transcript analyzer on an executor. Shipped to executors with the task; {@link #key()} identifies
 * the analyzer's configuration so each executor JVM builds one analyzer per configuration and reuses it across
 * partitions and tasks.
 */
public interface AnalyzerFactory extends Serializable {
    String key();

    TranscriptAnalyzer create();
}
