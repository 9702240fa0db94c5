package com.vantagepoint.api.mart;

/**
 * Reads the published marts. The embedded implementation reads a DuckDB warehouse directory; a
 * Snowflake reader can slot in beside it.
 */
public interface MartReader {

    /**
     * A cheap identifier of the latest published run (for DuckDB: the content of {@code current}),
     * or {@code null} when nothing has been published yet.
     */
    String currentVersion() throws Exception;

    /** Loads a complete, immutable snapshot of the given published version. */
    Snapshot load(String version) throws Exception;

    /** Where the marts come from, for messages. */
    String describe();
}
