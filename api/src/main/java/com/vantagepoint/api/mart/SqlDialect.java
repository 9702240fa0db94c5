package com.vantagepoint.api.mart;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;

/**
 * What differs between the warehouses {@link MartLoader} reads: how the published columns are listed, how
 * identifiers are quoted, how dates and timestamps become ISO text, and how extra connections are obtained.
 * Everything else is the same SQL.
 */
interface SqlDialect {

    /**
     * The published tables the API reads, each with its columns as {@code [lower-case name, type]} in table order;
     * a table not published yet is absent. Types are spelled as the catalog spells them ({@code VARCHAR},
     * {@code DATE}, {@code TIMESTAMP}, {@code DECIMAL(18,2)}, {@code INTEGER}, ...).
     */
    Map<String, List<String[]>> columns(Connection conn) throws SQLException;

    /** A column name as an identifier that resolves to the published column. */
    String quote(String column);

    /** SQL giving {@code yyyy-MM-ddTHH:mm:ssZ} (UTC) for a timestamp expression: lexical order = time order. */
    String isoTimestamp(String expression);

    /** SQL giving {@code yyyy-MM-dd} for a date expression. */
    String isoDate(String expression);

    /** A second connection to the same data as {@code primary}, for reading tables in parallel. */
    Connection parallel(Connection primary) throws SQLException;
}
