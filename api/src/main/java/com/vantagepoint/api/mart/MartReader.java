package com.vantagepoint.api.mart;

/**
 * Reads the published marts: {@link DuckDbMartReader} a DuckDB warehouse directory, {@link SnowflakeMartReader} the
 * marts in Snowflake (both through {@link MartLoader}).
 */
public interface MartReader {

    /**
     * A cheap identifier of the latest published run (for DuckDB: the content of {@code current}; for Snowflake:
     * the run id of the latest published run), or {@code null} when nothing has been published yet.
     */
    String currentVersion() throws Exception;

    /** Loads a complete, immutable snapshot of the given published version. */
    Snapshot load(String version) throws Exception;

    /** Where the marts come from, for messages. */
    String describe();
}
