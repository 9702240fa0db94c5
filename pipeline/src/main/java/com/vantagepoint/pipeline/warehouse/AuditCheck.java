package com.vantagepoint.pipeline.warehouse;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

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
}
