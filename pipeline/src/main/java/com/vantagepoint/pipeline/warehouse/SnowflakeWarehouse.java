package com.vantagepoint.pipeline.warehouse;

import com.typesafe.config.Config;
import com.vantagepoint.pipeline.schema.SparkTypes;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.health.HealthModel;
import com.vantagepoint.scoring.snowflake.SnowflakeConnection;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.vantagepoint.scoring.catalog.Tables.*;

/**
 * The Snowflake warehouse: each table of the run is loaded into a run-scoped staging table by the configured
 * {@link StagingLoad} ({@link CopyLoad}: Parquet, PUT or an external stage, COPY INTO; {@link ConnectorLoad}: the
 * Spark Snowflake connector). The staged rows are audited over JDBC, and only then one transaction changes the
 * marts. A lock row serialises publishers, because Snowflake enforces no unique keys that could.
 */
public final class SnowflakeWarehouse implements MartPublisher {
    /** The value of {@code vantagepoint.warehouse} (or {@code --warehouse}) that selects this warehouse. */
    public static final String NAME = SnowflakeConnection.WAREHOUSE_NAME;
    public static final String LOCK_TABLE = "VANTAGEPOINT_PUBLISH_LOCK";
    private static final String LOCK_NAME = "publish";
    private static final String NOW = "CURRENT_TIMESTAMP()";
    private static final String STAGING_PREFIX = "VP_STAGED_";
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SnowflakeWarehouse.class);
    private static final Set<String> RUN_TABLES = Set.of(ACCOUNT_HEALTH_HISTORY, INTERACTION_TRANSCRIPTS_ENRICHED,
            ACCOUNT_INSIGHTS, REJECTED_RECORDS, DATA_QUALITY_CHECKS, ENRICHMENT_CACHE);

    private final SnowflakeConnection connection;
    private final HealthModel model;
    private final boolean comments;
    private final Duration lockStaleAfter;
    private final LoadMethod loadMethod;
    private final Optional<ExternalStage> externalStage;

    /**
     * @param connection     the account, database and schema of the marts
     * @param model          the health model quoted by the column comments
     * @param comments       whether to write the catalog's table and column comments
     * @param lockStaleAfter how old the lock holder's heartbeat may get before another run takes the lock over
     * @param loadMethod     how the run's tables reach the staging tables ({@code auto}: decided by the Spark master)
     * @param externalStage  where the copy load stages its Parquet files; empty: a temporary internal stage and PUT
     */
    SnowflakeWarehouse(SnowflakeConnection connection, HealthModel model, boolean comments, Duration lockStaleAfter,
                       LoadMethod loadMethod, Optional<ExternalStage> externalStage) {
        if (lockStaleAfter.toSeconds() < 2) {
            throw new IllegalArgumentException("vantagepoint.snowflake.lock-stale-after must be at least 2s");
        }
        this.connection = connection;
        this.model = model;
        this.comments = comments;
        this.lockStaleAfter = lockStaleAfter;
        this.loadMethod = loadMethod;
        this.externalStage = externalStage;
    }

    /** From the resolved {@code vantagepoint} configuration: {@code snowflake.*} and {@code scoring}. */
    public static SnowflakeWarehouse fromConfig(Config vantagepoint) {
        Config sf = vantagepoint.getConfig("snowflake");
        return new SnowflakeWarehouse(SnowflakeConnection.fromConfig(vantagepoint),
                HealthModel.fromConfig(vantagepoint.getConfig("scoring")), sf.getBoolean("comments"),
                sf.getDuration("lock-stale-after"), LoadMethod.parse(sf.getString("load-method")), ExternalStage.fromConfig(sf));
    }

    // ------------------------------------------------------------------------------------------------ read

    /** Reads the (small) published table over JDBC into a DataFrame with the catalog's schema. */
    @Override
    public Optional<Dataset<Row>> readPublished(SparkSession spark, String table) {
        MartCatalog.Table def = MartCatalog.table(table);
        try (Connection c = connect()) {
            Set<String> existing = existingColumns(c, table);
            if (existing.isEmpty()) {
                return Optional.empty(); // nothing published yet
            }
            List<Row> rows = new ArrayList<>();
            try (Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT " + readableColumns(def, existing) + " FROM " + q(table))) {
                while (rs.next()) {
                    rows.add(toRow(rs, def));
                }
            }
            return Optional.of(spark.createDataFrame(rows, SparkTypes.schema(table)));
        } catch (SQLException e) {
            throw new PublishException("cannot read " + table + " from Snowflake " + connection.location() + ": " + WarehouseReader.firstLine(e), e);
        }
    }

    /**
     * The catalog's columns; in a table of an older release, a renamed column read under its former name and NULL for
     * those it lacks (publishing renames and adds them).
     */
    private static String readableColumns(MartCatalog.Table def, Set<String> existing) {
        return def.columns().stream().map(col -> col.nameIn(name -> existing.contains(name.toUpperCase()))
                .map(name -> name.equals(col.name()) ? q(name) : q(name) + " AS " + q(col.name()))
                .orElse("CAST(NULL AS " + snowflakeType(col.sqlType()) + ") AS " + q(col.name())))
                .collect(Collectors.joining(", "));
    }

    private static Row toRow(ResultSet rs, MartCatalog.Table def) throws SQLException {
        Object[] values = new Object[def.columns().size()];
        for (int i = 0; i < values.length; i++) {
            String type = def.columns().get(i).sqlType();
            Object v = switch (type) {
                // as text: the driver has no java.time getters, and getDate shifts by the JVM's zone
                case MartCatalog.DATE -> Optional.ofNullable(rs.getString(i + 1)).map(d -> java.sql.Date.valueOf(LocalDate.parse(d))).orElse(null);
                case MartCatalog.TIMESTAMP -> rs.getTimestamp(i + 1); // an instant: JDBC_TREAT_TIMESTAMP_NTZ_AS_UTC
                case MartCatalog.INTEGER -> rs.getObject(i + 1) == null ? null : rs.getInt(i + 1);
                case MartCatalog.BIGINT -> rs.getObject(i + 1) == null ? null : rs.getLong(i + 1);
                case MartCatalog.DOUBLE -> rs.getObject(i + 1) == null ? null : rs.getDouble(i + 1);
                case MartCatalog.BOOLEAN -> rs.getObject(i + 1) == null ? null : rs.getBoolean(i + 1);
                case MartCatalog.MONEY -> rs.getBigDecimal(i + 1);
                default -> rs.getString(i + 1);
            };
            values[i] = v;
        }
        return RowFactory.create(values);
    }

    // --------------------------------------------------------------------------------------------- publish

    @Override
    public void publish(RunOutputs outputs) {
        RunRecord run = outputs.run();
        String runId = DuckDbWarehouse.checkRunId(run);
        for (String name : outputs.tables().keySet()) {
            if (!RUN_TABLES.contains(name)) {
                throw new PublishException("cannot publish table " + name + ": a run hands over only " + RUN_TABLES);
            }
        }
        if (!outputs.tables().containsKey(ACCOUNT_HEALTH_HISTORY)) {
            throw new PublishException("audit failed, nothing published: the run has no " + ACCOUNT_HEALTH_HISTORY + " table");
        }
        Set<LocalDate> scoredDates = Set.copyOf(outputs.scoredDates());
        if (scoredDates.isEmpty()) {
            throw new PublishException("run " + runId + " scored no dates; nothing to publish");
        }
        LocalDate runAsOf = run.asOfDate() != null ? run.asOfDate() : scoredDates.stream().max(Comparator.naturalOrder()).orElseThrow();
        RunRecord published = run.withStatus(RunRecord.STATUS_PUBLISHED, null);
        withStagedRun(runId, outputs.tables(), (c, staged) -> {
            List<AuditCheck> checks = audit(c, runId, staged, scoredDates);
            inLockedTransaction(c, runId, () -> {
                applyRun(c, runId, staged.keySet(), scoredDates, runAsOf, checks);
                insertRun(c, published);
            });
        });
    }

    @Override
    public void recordFailedRun(RunRecord run, Optional<Dataset<Row>> rejects) {
        String runId = DuckDbWarehouse.checkRunId(run);
        RunRecord failed = run.withStatus(RunRecord.STATUS_FAILED,
                run.errorMessage() == null || run.errorMessage().isBlank() ? "failed" : run.errorMessage());
        try {
            recordFailed(runId, failed, rejects);
        } catch (PublishException e) {
            if (rejects.isEmpty()) {
                throw e;
            }
            // The rejects travel the way the marts do (an external stage, the connector); when that way is what is
            // broken, the failure is still recorded, saying why its rejects are missing.
            LOG.warn("the rejects of failed run {} could not be stored: {}", runId, e.getMessage());
            recordFailed(runId, failed.withStatus(RunRecord.STATUS_FAILED,
                    failed.errorMessage() + "; its rejects could not be stored: " + e.getMessage()), Optional.empty());
        }
    }

    private void recordFailed(String runId, RunRecord failed, Optional<Dataset<Row>> rejects) {
        Map<String, Dataset<Row>> tables = rejects.map(r -> Map.of(REJECTED_RECORDS, r)).orElse(Map.of());
        withStagedRun(runId, tables, (c, staged) -> inLockedTransaction(c, runId, () -> {
            for (String t : List.of(REJECTED_RECORDS, PIPELINE_RUNS)) {
                exec(c, "DELETE FROM " + q(t) + " WHERE " + q(Columns.RUN_ID) + " = " + lit(runId));
            }
            insertStaged(c, runId, staged.keySet(), REJECTED_RECORDS);
            insertRun(c, failed);
        }));
    }

    @Override
    public void publishDerived(String publishId, String table, Dataset<Row> rows) {
        DuckDbWarehouse.checkDerived(publishId, table);
        withStagedRun(publishId, Map.of(table, rows), (c, staged) -> {
            List<AuditCheck> checks = new ArrayList<>();
            checks.add(new AuditCheck(AuditCheck.shortName(table) + "_row_count", table, null,
                    "SELECT ABS(COUNT(*) - " + staged.get(table) + ") FROM " + q(stagingTable(publishId, table)), 0));
            checks.add(notNull(publishId, table, Columns.BACKTEST_ID, Columns.FIGURE, Columns.ITEM));
            checks.add(accepted(publishId, table, Columns.FIGURE, MartCatalog.BACKTEST_FIGURES));
            AuditCheck.runAll(c, checks);
            inLockedTransaction(c, publishId, () -> {
                exec(c, "DELETE FROM " + q(table));
                insertStaged(c, publishId, staged.keySet(), table);
            });
        });
    }

    @Override
    public void recordAlerts(String runId, long alerts, String delivery) {
        DuckDbWarehouse.checkRunId(runId);
        // One UPDATE under the lock: the marts exist (the run just published) and nothing is staged.
        try (Connection c = connect()) {
            acquireLock(c, runId);
            try {
                inLockedTransaction(c, runId, () -> DuckDbWarehouse.updateAlerts(c, SnowflakeWarehouse::q, runId, alerts, delivery));
            } finally {
                releaseLock(c, runId);
            }
        } catch (SQLException e) {
            throw new PublishException("recording the alerts of " + runId + " in Snowflake " + connection.location() + " failed: "
                    + WarehouseReader.firstLine(e), e);
        }
    }

    /** What a publish does once the run's tables are staged: {@code staged} maps table to the rows Spark wrote. */
    @FunctionalInterface
    private interface StagedWork {
        void run(Connection c, Map<String, Long> staged) throws SQLException;
    }

    @FunctionalInterface
    private interface SqlWork {
        void run() throws SQLException;
    }

    /** Lock → create the marts → load the run's staging tables → work → drop the staging tables → unlock. */
    private void withStagedRun(String runId, Map<String, Dataset<Row>> tables, StagedWork work) {
        try (Connection c = connect()) {
            acquireLock(c, runId);
            try (Heartbeat ignored = new Heartbeat(runId)) {
                createMarts(c);
                Map<String, Long> staged = stage(c, runId, tables);
                work.run(c, staged);
            } finally {
                try {
                    dropStagingTables(c, runId, tables.keySet());
                } finally {
                    releaseLock(c, runId);
                }
            }
        } catch (SQLException e) {
            throw new PublishException("publishing " + runId + " to Snowflake " + connection.location() + " failed: " + WarehouseReader.firstLine(e), e);
        }
    }

    private Connection connect() throws SQLException {
        return connection.open();
    }

    // ------------------------------------------------------------------------------------------------ lock

    /**
     * Takes the lock row with a conditional UPDATE; one row affected means this run holds it. The holder renews
     * {@code heartbeat_at} while it works, so the lock of a killed publisher goes stale after {@code lock-stale-after}
     * and the next run takes it over (and drops the staging tables the dead run left).
     */
    private void acquireLock(Connection c, String runId) throws SQLException {
        // CREATE ... AS SELECT with IF NOT EXISTS: the table and its one row appear together, so two first publishers
        // cannot both insert a row.
        exec(c, "CREATE TABLE IF NOT EXISTS " + q(LOCK_TABLE) + " COMMENT = "
                + lit("Publish lock of VantagePoint: one row, holder is the publishing run, heartbeat_at its last sign of life.")
                + " AS SELECT CAST(" + lit(LOCK_NAME) + " AS VARCHAR) AS " + q("name") + ", CAST(NULL AS VARCHAR) AS " + q("holder")
                + ", CAST(NULL AS TIMESTAMP_NTZ) AS " + q("acquired_at") + ", CAST(NULL AS TIMESTAMP_NTZ) AS " + q("heartbeat_at"));
        Optional<LockHolder> before = lockHolder(c);
        int taken;
        try (Statement s = c.createStatement()) {
            taken = s.executeUpdate("UPDATE " + q(LOCK_TABLE) + " SET " + q("holder") + " = " + lit(runId) + ", "
                    + q("acquired_at") + " = " + NOW + ", " + q("heartbeat_at") + " = " + NOW
                    + " WHERE " + q("name") + " = " + lit(LOCK_NAME) + " AND (" + q("holder") + " IS NULL OR "
                    + q("heartbeat_at") + " IS NULL OR " + q("heartbeat_at") + " < DATEADD(second, -" + lockStaleAfter.toSeconds()
                    + ", " + NOW + "))");
        }
        if (taken != 1) {
            String holder = lockHolder(c).map(LockHolder::describe).orElse("unknown");
            throw new PublishException("another run (" + holder + ") is publishing to Snowflake " + connection.location()
                    + "; nothing published (a lock whose heartbeat is older than " + lockStaleAfter.toSeconds()
                    + " s is taken over)");
        }
        before.filter(h -> h.runId() != null).ifPresent(dead -> LOG.warn("took over the publish lock of run {}, whose last "
                + "heartbeat is {} s old: that run is no longer publishing", dead.runId(), dead.secondsSinceHeartbeat()));
        dropAbandonedStagingTables(c, runId);
    }

    /** The lock row's holder and the age of its heartbeat. */
    private record LockHolder(String runId, Long secondsSinceHeartbeat) {
        String describe() {
            return runId + (secondsSinceHeartbeat == null ? "" : ", last heartbeat " + secondsSinceHeartbeat + " s ago");
        }
    }

    private static Optional<LockHolder> lockHolder(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT " + q("holder") + ", DATEDIFF(second, " + q("heartbeat_at") + ", " + NOW
                     + ") FROM " + q(LOCK_TABLE) + " WHERE " + q("name") + " = " + lit(LOCK_NAME))) {
            if (!rs.next()) {
                return Optional.empty();
            }
            long age = rs.getLong(2);
            return Optional.of(new LockHolder(rs.getString(1), rs.wasNull() ? null : age));
        }
    }

    /** Renews the heartbeat; false when the lock is no longer this run's (taken over after a stall). */
    private static boolean renewLock(Connection c, String runId) throws SQLException {
        try (Statement s = c.createStatement()) {
            return s.executeUpdate("UPDATE " + q(LOCK_TABLE) + " SET " + q("heartbeat_at") + " = " + NOW + " WHERE "
                    + q("name") + " = " + lit(LOCK_NAME) + " AND " + q("holder") + " = " + lit(runId)) == 1;
        }
    }

    /**
     * Renews the heartbeat on a connection of its own while the publish works, every quarter of the stale period, so
     * a long load is never mistaken for a dead one.
     */
    private final class Heartbeat implements AutoCloseable {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "snowflake-lock-heartbeat");
            t.setDaemon(true);
            return t;
        });

        Heartbeat(String runId) {
            long every = Math.max(1, lockStaleAfter.toSeconds() / 4);
            timer.scheduleWithFixedDelay(() -> {
                try (Connection c = connect()) {
                    if (!renewLock(c, runId)) {
                        LOG.warn("run {} no longer holds the Snowflake publish lock", runId);
                    }
                } catch (SQLException e) {
                    LOG.warn("cannot renew the Snowflake publish lock of run {}: {}", runId, WarehouseReader.firstLine(e));
                }
            }, every, every, TimeUnit.SECONDS);
        }

        @Override
        public void close() {
            timer.shutdownNow();
        }
    }

    /** Holding the lock, any staging table of another run is what a killed publisher left behind. */
    private void dropAbandonedStagingTables(Connection c, String runId) throws SQLException {
        List<String> abandoned = new ArrayList<>();
        try (ResultSet rs = c.getMetaData().getTables(null, connection.schema(), STAGING_PREFIX + "%", null)) {
            while (rs.next()) {
                String name = rs.getString("TABLE_NAME");
                if (name.startsWith(STAGING_PREFIX) && !name.startsWith(stagingTable(runId, ""))) {
                    abandoned.add(name);
                }
            }
        }
        for (String name : abandoned) {
            exec(c, "DROP TABLE IF EXISTS " + q(name));
        }
        if (!abandoned.isEmpty()) {
            LOG.warn("dropped {} staging tables left by an interrupted publish: {}", abandoned.size(), abandoned);
        }
    }

    private static void releaseLock(Connection c, String runId) throws SQLException {
        exec(c, "UPDATE " + q(LOCK_TABLE) + " SET " + q("holder") + " = NULL, " + q("acquired_at") + " = NULL, "
                + q("heartbeat_at") + " = NULL WHERE " + q("name") + " = " + lit(LOCK_NAME) + " AND " + q("holder") + " = " + lit(runId));
    }

    // -------------------------------------------------------------------------------------------- tables

    /**
     * Creates missing marts from the catalog, renames a column an older release named differently, adds the columns
     * such a table lacks (ADD COLUMN keeps its rows; columns the catalog no longer has are left alone, the inserts
     * name their columns), and
     * (re)writes every table and column comment from the run's model.
     */
    private void createMarts(Connection c) throws SQLException {
        for (MartCatalog.Table t : MartCatalog.tables()) {
            exec(c, "CREATE TABLE IF NOT EXISTS " + q(t.name()) + " (" + columnDefinitions(t) + ")");
            Set<String> existing = existingColumns(c, t.name());
            for (MartCatalog.Column col : t.columns()) {
                Optional<String> held = col.nameIn(name -> existing.contains(name.toUpperCase()));
                if (held.isPresent() && !held.get().equals(col.name())) {
                    exec(c, "ALTER TABLE " + q(t.name()) + " RENAME COLUMN " + q(held.get()) + " TO " + q(col.name()));
                    LOG.info("renamed column {} of {} to {} (a table of an older release)", held.get(), t.name(), col.name());
                } else if (held.isEmpty()) {
                    exec(c, "ALTER TABLE " + q(t.name()) + " ADD COLUMN " + q(col.name()) + " " + snowflakeType(col.sqlType()));
                    LOG.info("added column {} to {} (a table of an older release)", col.name(), t.name());
                }
            }
            if (comments) {
                comment(c, t);
            }
        }
    }

    private Set<String> existingColumns(Connection c, String table) throws SQLException {
        Set<String> names = new java.util.HashSet<>();
        try (ResultSet rs = c.getMetaData().getColumns(null, connection.schema(), table, null)) {
            while (rs.next()) {
                names.add(rs.getString("COLUMN_NAME").toUpperCase());
            }
        }
        return names;
    }

    /** Comments follow the model, so they are rewritten on every publish, not only when a table is created. */
    private void comment(Connection c, MartCatalog.Table t) throws SQLException {
        exec(c, "COMMENT ON TABLE " + q(t.name()) + " IS " + lit(t.description()));
        // fakesnow accepts this but keeps no column comments.
        for (MartCatalog.Column col : t.columns()) {
            exec(c, "ALTER TABLE " + q(t.name()) + " ALTER COLUMN " + q(col.name()) + " COMMENT " + lit(col.description(model)));
        }
    }

    private static String columnDefinitions(MartCatalog.Table t) {
        return t.columns().stream().map(col -> q(col.name()) + " " + snowflakeType(col.sqlType())).collect(Collectors.joining(", "));
    }

    /** The catalog's types in Snowflake's spelling; TIMESTAMP is explicit so TIMESTAMP_TYPE_MAPPING cannot change it. */
    static String snowflakeType(String sqlType) {
        return switch (sqlType) {
            case MartCatalog.TIMESTAMP -> "TIMESTAMP_NTZ";
            case MartCatalog.DOUBLE -> "DOUBLE";
            default -> sqlType;
        };
    }

    // ---------------------------------------------------------------------------------------------- stage

    /** Loads each table into a new staging table; returns the rows Spark wrote per table. */
    private Map<String, Long> stage(Connection c, String runId, Map<String, Dataset<Row>> tables) throws SQLException {
        Map<String, Long> written = new LinkedHashMap<>();
        if (tables.isEmpty()) {
            return written;
        }
        try (StagingLoad.Run load = stagingLoad(tables.values().iterator().next().sparkSession()).start(c, runId)) {
            for (Map.Entry<String, Dataset<Row>> e : tables.entrySet()) {
                MartCatalog.Table def = MartCatalog.table(e.getKey());
                Dataset<Row> conformed = conformed(e.getValue(), def);
                String staging = stagingTable(runId, def.name());
                exec(c, "CREATE TABLE " + q(staging) + " (" + columnDefinitions(def) + ")");
                written.put(def.name(), load.load(def, conformed, staging));
            }
        }
        return written;
    }

    private StagingLoad stagingLoad(SparkSession spark) {
        return loadMethod.resolve(spark) == LoadMethod.CONNECTOR
                ? new ConnectorLoad(ConnectorOptions.of(connection))
                : new CopyLoad(externalStage);
    }

    /** The table with the catalog's columns, in its order and types. */
    private static Dataset<Row> conformed(Dataset<Row> ds, MartCatalog.Table def) {
        List<String> missing = def.columnNames().stream().filter(n -> !List.of(ds.columns()).contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new PublishException("table " + def.name() + " lacks columns " + missing);
        }
        return DuckDbWarehouse.conform(ds, def);
    }

    private static void dropStagingTables(Connection c, String runId, Collection<String> tables) throws SQLException {
        for (String t : tables) {
            exec(c, "DROP TABLE IF EXISTS " + q(stagingTable(runId, t)));
        }
    }

    static String stagingTable(String runId, String table) {
        return STAGING_PREFIX + runId.toUpperCase().replaceAll("[^A-Z0-9_]", "_") + "_" + table;
    }

    // ---------------------------------------------------------------------------------------------- audit

    /** Audits the staging tables; any failing check stops the publish before anything is visible. */
    private static List<AuditCheck> audit(Connection c, String runId, Map<String, Long> staged, Set<LocalDate> scoredDates) throws SQLException {
        String h = q(stagingTable(runId, ACCOUNT_HEALTH_HISTORY));
        String dates = scoredDates.stream().sorted().map(d -> "TO_DATE(" + lit(d.toString()) + ")").collect(Collectors.joining(", "));
        List<AuditCheck> checks = new ArrayList<>();
        for (Map.Entry<String, Long> e : staged.entrySet()) {
            checks.add(new AuditCheck(AuditCheck.shortName(e.getKey()) + "_row_count", e.getKey(), null,
                    "SELECT ABS(COUNT(*) - " + e.getValue() + ") FROM " + q(stagingTable(runId, e.getKey())), 0));
        }
        checks.add(new AuditCheck("history_not_empty", ACCOUNT_HEALTH_HISTORY, null,
                "SELECT CASE WHEN COUNT(*) = 0 THEN 1 ELSE 0 END FROM " + h, 0));
        checks.add(duplicates("history_unique_account_date", runId, ACCOUNT_HEALTH_HISTORY, Columns.ACCOUNT_ID, Columns.AS_OF_DATE));
        checks.add(notNull(runId, ACCOUNT_HEALTH_HISTORY, Columns.ACCOUNT_ID, Columns.AS_OF_DATE, Columns.RUN_ID));
        checks.add(new AuditCheck("history_dates_scored", ACCOUNT_HEALTH_HISTORY, Columns.AS_OF_DATE,
                "SELECT COUNT(*) FROM " + h + " WHERE " + q(Columns.AS_OF_DATE) + " NOT IN (" + dates + ")", 0));
        checks.add(new AuditCheck("health_score_range", ACCOUNT_HEALTH_HISTORY, Columns.HEALTH_SCORE,
                "SELECT COUNT(*) FROM " + h + " WHERE " + q(Columns.HEALTH_SCORE) + " IS NULL OR NOT ("
                        + q(Columns.HEALTH_SCORE) + " BETWEEN 0 AND 100)", 0));
        checks.add(accepted(runId, ACCOUNT_HEALTH_HISTORY, Columns.RISK_TIER, MartCatalog.RISK_TIERS));
        if (staged.containsKey(INTERACTION_TRANSCRIPTS_ENRICHED)) {
            checks.add(notNull(runId, INTERACTION_TRANSCRIPTS_ENRICHED, Columns.INTERACTION_ID, Columns.ACCOUNT_ID));
            checks.add(duplicates("transcripts_unique_interaction", runId, INTERACTION_TRANSCRIPTS_ENRICHED, Columns.INTERACTION_ID));
            checks.add(accepted(runId, INTERACTION_TRANSCRIPTS_ENRICHED, Columns.ATTRIBUTION, MartCatalog.ATTRIBUTIONS));
            checks.add(accepted(runId, INTERACTION_TRANSCRIPTS_ENRICHED, Columns.ENRICHMENT_STATUS, MartCatalog.ENRICHMENT_STATUSES));
            checks.add(new AuditCheck("transcripts_account_in_history", INTERACTION_TRANSCRIPTS_ENRICHED, Columns.ACCOUNT_ID,
                    "SELECT COUNT(*) FROM " + q(stagingTable(runId, INTERACTION_TRANSCRIPTS_ENRICHED)) + " x WHERE NOT EXISTS (SELECT 1 FROM "
                            + h + " y WHERE y." + q(Columns.ACCOUNT_ID) + " = x." + q(Columns.ACCOUNT_ID) + ")", 0));
        }
        if (staged.containsKey(ACCOUNT_INSIGHTS)) {
            checks.add(notNull(runId, ACCOUNT_INSIGHTS, Columns.ACCOUNT_ID));
        }
        if (staged.containsKey(REJECTED_RECORDS)) {
            checks.add(notNull(runId, REJECTED_RECORDS, Columns.RUN_ID, Columns.SOURCE, Columns.REASON_CODE));
        }
        if (staged.containsKey(ENRICHMENT_CACHE)) {
            checks.add(notNull(runId, ENRICHMENT_CACHE, MartCatalog.ENRICHMENT_CACHE_KEY.toArray(String[]::new)));
        }
        return AuditCheck.runAll(c, checks);
    }

    private static AuditCheck duplicates(String name, String runId, String table, String... key) {
        String cols = Stream.of(key).map(SnowflakeWarehouse::q).collect(Collectors.joining(", "));
        return new AuditCheck(name, table, String.join(", ", key), "SELECT COALESCE(SUM(n), 0) FROM (SELECT COUNT(*) AS n FROM "
                + q(stagingTable(runId, table)) + " GROUP BY " + cols + " HAVING COUNT(*) > 1)", 0);
    }

    private static AuditCheck notNull(String runId, String table, String... columns) {
        String cond = Stream.of(columns).map(col -> q(col) + " IS NULL").collect(Collectors.joining(" OR "));
        return new AuditCheck(AuditCheck.shortName(table) + "_not_null", table, String.join(", ", columns),
                "SELECT COUNT(*) FROM " + q(stagingTable(runId, table)) + " WHERE " + cond, 0);
    }

    private static AuditCheck accepted(String runId, String table, String column, Collection<String> values) {
        String list = values.stream().map(SnowflakeWarehouse::lit).collect(Collectors.joining(", "));
        return new AuditCheck(column + "_accepted_values", table, column, "SELECT COUNT(*) FROM " + q(stagingTable(runId, table))
                + " WHERE " + q(column) + " IS NULL OR " + q(column) + " NOT IN (" + list + ")", 0);
    }

    // -------------------------------------------------------------------------------------------- publish

    /**
     * Explicit BEGIN/COMMIT: DML only inside, since any DDL would commit the transaction in Snowflake. Its first
     * statement renews the lock, so a run whose lock was taken over (it stalled past the stale period) changes nothing.
     */
    private static void inLockedTransaction(Connection c, String runId, SqlWork work) throws SQLException {
        exec(c, "BEGIN");
        try {
            if (!renewLock(c, runId)) {
                throw new PublishException("run " + runId + " lost the Snowflake publish lock to another run; nothing published");
            }
            work.run();
            exec(c, "COMMIT");
        } catch (SQLException | RuntimeException e) {
            exec(c, "ROLLBACK");
            throw e;
        }
    }

    /** The run's dates replace those dates of the history; logs are appended; the cache is merged. */
    private static void applyRun(Connection c, String runId, Set<String> staged, Set<LocalDate> scoredDates, LocalDate runAsOf,
                                 List<AuditCheck> checks) throws SQLException {
        String dates = scoredDates.stream().sorted().map(d -> "TO_DATE(" + lit(d.toString()) + ")").collect(Collectors.joining(", "));
        LocalDate publishedMax = maxAsOf(c);
        String asOf = q(Columns.AS_OF_DATE);

        exec(c, "DELETE FROM " + q(ACCOUNT_HEALTH_HISTORY) + " WHERE " + asOf + " IN (" + dates + ")");
        insertStaged(c, runId, staged, ACCOUNT_HEALTH_HISTORY);
        exec(c, "DELETE FROM " + q(ACCOUNT_HEALTH_SCORE));
        String score = columnList(MartCatalog.table(ACCOUNT_HEALTH_SCORE));
        exec(c, "INSERT INTO " + q(ACCOUNT_HEALTH_SCORE) + " (" + score + ") SELECT " + score + " FROM " + q(ACCOUNT_HEALTH_HISTORY)
                + " WHERE " + asOf + " = (SELECT MAX(" + asOf + ") FROM " + q(ACCOUNT_HEALTH_HISTORY) + ")");
        exec(c, "DELETE FROM " + q(ACCOUNT_SCORE_CHANGES));
        exec(c, ScoreChangesSql.insert(SnowflakeWarehouse::q, maxAsOf(c), runId));

        // Latest-state tables: the run's rows win unless the run backfills a date older than the published one.
        boolean newest = publishedMax == null || !runAsOf.isBefore(publishedMax);
        for (String t : List.of(INTERACTION_TRANSCRIPTS_ENRICHED, ACCOUNT_INSIGHTS)) {
            if (newest && staged.contains(t)) {
                exec(c, "DELETE FROM " + q(t));
                insertStaged(c, runId, staged, t);
            }
        }

        for (String t : List.of(REJECTED_RECORDS, DATA_QUALITY_CHECKS, PIPELINE_RUNS)) {
            exec(c, "DELETE FROM " + q(t) + " WHERE " + q(Columns.RUN_ID) + " = " + lit(runId));
        }
        insertStaged(c, runId, staged, REJECTED_RECORDS);
        insertStaged(c, runId, staged, DATA_QUALITY_CHECKS);
        AuditCheck.recordPassed(c, q(DATA_QUALITY_CHECKS) + " (" + columnList(MartCatalog.table(DATA_QUALITY_CHECKS)) + ")",
                runId, checks, "Snowflake staging table");
        mergeCache(c, runId, staged);
    }

    /** New cache entries replace old ones with the same key (null-safe), one row per key. */
    private static void mergeCache(Connection c, String runId, Set<String> staged) throws SQLException {
        if (!staged.contains(ENRICHMENT_CACHE)) {
            return;
        }
        String src = q(stagingTable(runId, ENRICHMENT_CACHE));
        String key = MartCatalog.ENRICHMENT_CACHE_KEY.stream().map(SnowflakeWarehouse::q).collect(Collectors.joining(", "));
        String sameKey = MartCatalog.ENRICHMENT_CACHE_KEY.stream().map(k -> "n." + q(k) + " IS NOT DISTINCT FROM o." + q(k)).collect(Collectors.joining(" AND "));
        String cols = columnList(MartCatalog.table(ENRICHMENT_CACHE));
        exec(c, "DELETE FROM " + q(ENRICHMENT_CACHE) + " o WHERE EXISTS (SELECT 1 FROM " + src + " n WHERE " + sameKey + ")");
        exec(c, "INSERT INTO " + q(ENRICHMENT_CACHE) + " (" + cols + ") SELECT " + cols + " FROM " + src
                + " QUALIFY ROW_NUMBER() OVER (PARTITION BY " + key + " ORDER BY " + key + ") = 1");
    }

    private static void insertStaged(Connection c, String runId, Set<String> staged, String table) throws SQLException {
        if (staged.contains(table)) {
            String cols = columnList(MartCatalog.table(table));
            exec(c, "INSERT INTO " + q(table) + " (" + cols + ") SELECT " + cols + " FROM " + q(stagingTable(runId, table)));
        }
    }

    private static LocalDate maxAsOf(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT TO_VARCHAR(MAX(" + q(Columns.AS_OF_DATE) + ")) FROM " + q(ACCOUNT_HEALTH_HISTORY))) {
            rs.next();
            String v = rs.getString(1);
            return v == null ? null : LocalDate.parse(v);
        }
    }

    private static void insertRun(Connection c, RunRecord r) throws SQLException {
        MartCatalog.Table t = MartCatalog.table(PIPELINE_RUNS);
        Object[] v = r.sqlValues();
        // Snowflake allows no CAST around bind variables in VALUES; INSERT ... SELECT takes them.
        String values = t.columns().stream().map(col -> "CAST(? AS " + snowflakeType(col.sqlType()) + ")").collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(PIPELINE_RUNS) + " (" + columnList(t) + ") SELECT " + values)) {
            for (int i = 0; i < v.length; i++) {
                ps.setObject(i + 1, v[i]);
            }
            ps.executeUpdate();
        }
    }
    // ----------------------------------------------------------------------------------------------- bits

    private static String columnList(MartCatalog.Table t) {
        return t.columns().stream().map(col -> q(col.name())).collect(Collectors.joining(", "));
    }

    /** Quoted upper case: the identifier Snowflake resolves an unquoted name to, safe for reserved words (TIMESTAMP, SOURCE). */
    static String q(String identifier) {
        return "\"" + identifier.toUpperCase().replace("\"", "\"\"") + "\"";
    }

    static String lit(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "''") + "'";
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
