package com.vantagepoint.api.mart;

import java.util.List;
import java.util.Map;

/** Reads one account's enriched transcripts on demand (transcript bodies are not held in memory). */
public interface TranscriptSource extends AutoCloseable {

    /** The account's transcripts, newest first, as column → value maps. */
    List<Map<String, Object>> forAccount(String accountId) throws Exception;

    @Override
    void close();
}
