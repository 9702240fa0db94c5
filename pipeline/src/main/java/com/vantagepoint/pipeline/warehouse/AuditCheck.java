package com.vantagepoint.pipeline.warehouse;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

import static com.vantagepoint.scoring.catalog.Tables.ACCOUNT_HEALTH_HISTORY;
import static com.vantagepoint.scoring.catalog.Tables.ACCOUNT_INSIGHTS;
import static com.vantagepoint.scoring.catalog.Tables.ENRICHMENT_CACHE;
import static com.vantagepoint.scoring.catalog.Tables.INTERACTION_TRANSCRIPTS_ENRICHED;
import static com.vantagepoint.scoring.catalog.Tables.REJECTED_RECORDS;

/**
 * One publish-audit check of a warehouse: the SQL counts the failing rows of a staged table. Both warehouses run
 * their checks the same way, so a failed audit reads the same whichever one publishes.
 */
record AuditCheck(String name, String table, String column, String failingRowsSql, long failingRows) {

    AuditCheck withResult(long n) {
        return new AuditCheck(name, table, column, failingRowsSql, n);
    }

    /**
     * Runs every check; any failing one stops the publish before anything is visible.
     *
     * @return the checks with their failing-row counts (all zero)
     * @throws PublishException naming every failed check
     */
    static List<AuditCheck> runAll(Connection c, List<AuditCheck> checks) throws SQLException {
        List<AuditCheck> results = new ArrayList<>();
        try (Statement s = c.createStatement()) {
            for (AuditCheck check : checks) {
                try (ResultSet rs = s.executeQuery(check.failingRowsSql())) {
                    rs.next();
                    results.add(check.withResult(rs.getLong(1)));
                }
            }
        }
        List<String> failed = results.stream().filter(r -> r.failingRows() > 0)
                .map(r -> r.name() + " on " + r.table() + (r.column() == null ? "" : "(" + r.column() + ")") + ": "
                        + r.failingRows() + " rows")
                .toList();
        if (!failed.isEmpty()) {
            throw new PublishException("audit failed, nothing published: " + String.join("; ", failed));
        }
        return results;
    }

    /**
     * The passed checks as DATA_QUALITY_CHECKS rows of the run ({@code check_name} prefixed {@code publish_audit:}).
     *
     * @param into      {@code <quoted table> (<quoted columns>)} in the warehouse's own quoting
     * @param auditedOn what was audited, for the detail column
     */
    static void recordPassed(Connection c, String into, String runId, List<AuditCheck> checks, String auditedOn)
            throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + into + " VALUES (?, ?, ?, ?, 'pass', ?, ?)")) {
            for (AuditCheck check : checks) {
                ps.setString(1, runId);
                ps.setString(2, "publish_audit:" + check.name());
                ps.setString(3, check.table());
                ps.setString(4, check.column());
                ps.setLong(5, check.failingRows());
                ps.setString(6, "audited on the " + auditedOn + " before publishing");
                ps.addBatch();
            }
            ps.executeBatch();
        }
    }

    /** The short table name check names start with: {@code history_not_null}, {@code cache_not_null}. */
    static String shortName(String table) {
        return switch (table) {
            case ACCOUNT_HEALTH_HISTORY -> "history";
            case INTERACTION_TRANSCRIPTS_ENRICHED -> "transcripts";
            case ACCOUNT_INSIGHTS -> "insights";
            case REJECTED_RECORDS -> "rejects";
            case ENRICHMENT_CACHE -> "cache";
            default -> table.toLowerCase();
        };
    }
}
