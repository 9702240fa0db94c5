package com.vantagepoint.pipeline.warehouse;

import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.pipeline.schema.SparkTypes;
import com.vantagepoint.pipeline.spark.ConcurrentJobs;
import com.vantagepoint.scoring.catalog.MartCatalog;
import com.vantagepoint.scoring.health.HealthModel;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SaveMode;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import static com.vantagepoint.scoring.catalog.Tables.*;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The local warehouse: one immutable DuckDB file per published run and an atomically switched {@code current}
 * pointer (layout in README, "Local warehouse").
 *
 * <p>Write-audit-publish: Spark writes the run's tables as Parquet under {@code staging/<run_id>/}; DuckDB audits
 * the Parquet, then builds a new database beside it — a copy of the previous run's database with the run's dates
 * replaced and its logs appended — moves it to {@code runs/<run_id>.duckdb} and only then replaces {@code current}. Whatever fails or is
 * killed before that last step leaves the published marts as they were; its leftovers are removed by the next
 * publisher. One publisher at a time: {@code publish.lock} is held from the first write to the switch.
 */
public final class DuckDbWarehouse implements MartPublisher {
    static final String RUNS = "runs";
    static final String STAGING = "staging";
    static final String LOCK = "publish.lock";
    static final String DB_SUFFIX = ".duckdb";
    private static final Pattern SAFE_RUN_ID = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,127}");

    /** Tables a run hands over (the rest are derived or written by the publisher itself). */
    private static final Set<String> RUN_TABLES = Set.of(ACCOUNT_HEALTH_HISTORY, INTERACTION_TRANSCRIPTS_ENRICHED,
            ACCOUNT_INSIGHTS, REJECTED_RECORDS, DATA_QUALITY_CHECKS, ENRICHMENT_CACHE);

    private final Path dir;
    private final int keepRuns;
    /** Quoted by the table comments (maximum points, thresholds). */
    private final HealthModel model;
    /** Test seam: called at named steps of a publish, so a test can fail it midway. */
    volatile StepHook hook = step -> { };

    @FunctionalInterface
    interface StepHook {
        void at(String step);
    }

    /**
     * @param dir      the warehouse directory (created when missing)
     * @param keepRuns run databases kept besides the current one, so readers that still hold them keep working
     * @param model    the health model the marts were scored with, quoted by the column comments
     */
    public DuckDbWarehouse(Path dir, int keepRuns, HealthModel model) {
        if (keepRuns < 0) {
            throw new IllegalArgumentException("keep-runs must be >= 0, got " + keepRuns);
        }
        this.dir = dir.toAbsolutePath().normalize();
        this.keepRuns = keepRuns;
        this.model = model;
    }

    public Path directory() {
        return dir;
    }

    /** The database file of the current published run, if any. */
    public Optional<Path> currentDatabase() {
        return WarehouseReader.currentDatabase(dir);
    }

    // ------------------------------------------------------------------------------------------------ read

    @Override
    public Optional<Dataset<Row>> readPublished(SparkSession spark, String table) {
        MartCatalog.Table def = MartCatalog.table(table);
        Optional<Path> db = currentDatabase();
        if (db.isEmpty()) {
            return Optional.empty();
        }
        Path file;
        try (Connection c = WarehouseReader.connect(db.get(), false)) {
            Map<String, String> existing = existingColumns(c, table);
            if (existing.isEmpty()) {
                return Optional.empty();
            }
            Path tmp = Files.createTempDirectory("vantagepoint-" + table.toLowerCase() + "-");
            deleteOnExit(tmp);
            file = tmp.resolve(table + ".parquet");
            // Every column in the catalog's type, so Spark can read the file with the catalog's schema instead of
            // running a job to infer it. TIMESTAMP is written as an instant (TIMESTAMPTZ in UTC) so Spark reads
            // TimestampType, not NTZ. A table of an older release: a renamed column is read under its former name,
            // a missing one as NULL (the next publish brings the table to the catalog).
            String select = def.columns().stream()
                    .map(col -> "CAST(" + sourceOf(col, existing) + " AS "
                            + (MartCatalog.TIMESTAMP.equals(col.sqlType()) ? "TIMESTAMPTZ" : col.sqlType()) + ") AS "
                            + q(col.name()))
                    .collect(Collectors.joining(", "));
            exec(c, "COPY (SELECT " + select + " FROM " + q(table) + ") TO " + lit(file.toString()) + " (FORMAT parquet)");
        } catch (SQLException e) {
            throw new PublishException("cannot read " + table + " from " + db.get() + ": " + WarehouseReader.firstLine(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Optional.of(spark.read().schema(SparkTypes.schema(table)).parquet(file.toUri().toString()));
    }

    // --------------------------------------------------------------------------------------------- publish

    @Override
    public void publish(RunOutputs outputs) {
        RunRecord run = outputs.run();
        String runId = checkRunId(run);
        for (String name : outputs.tables().keySet()) {
            if (!RUN_TABLES.contains(name)) {
                throw new PublishException("cannot publish table " + name + ": a run hands over only " + new TreeSet<>(RUN_TABLES)
                        + " (ACCOUNT_HEALTH_SCORE, ACCOUNT_SCORE_CHANGES and PIPELINE_RUNS are written by the publisher)");
            }
        }
        Set<LocalDate> scoredDates = Set.copyOf(outputs.scoredDates());
        if (scoredDates.isEmpty()) {
            throw new PublishException("run " + runId + " scored no dates; nothing to publish");
        }
        LocalDate runAsOf = run.asOfDate() != null ? run.asOfDate() : scoredDates.stream().max(Comparator.naturalOrder()).orElseThrow();
        RunRecord published = run.withStatus(RunRecord.STATUS_PUBLISHED, null);
        publishDatabase(runId, outputs.tables(), (c, staged) -> {
            List<AuditCheck> checks = audit(c, staged, scoredDates);
            hook.at("audited");
            applyRun(c, staged, scoredDates, runAsOf, runId, checks);
            insertRun(c, published);
        });
    }

    @Override
    public void recordFailedRun(RunRecord run, Optional<Dataset<Row>> rejects) {
        String runId = checkRunId(run);
        RunRecord failed = run.withStatus(RunRecord.STATUS_FAILED,
                run.errorMessage() == null || run.errorMessage().isBlank() ? "failed" : run.errorMessage());
        Map<String, Dataset<Row>> tables = rejects.map(r -> Map.of(REJECTED_RECORDS, r)).orElse(Map.of());
        publishDatabase(runId, tables, (c, staged) -> {
            // the marts are the previous run's, byte for byte; only the run log and the rejects change
            for (String t : List.of(REJECTED_RECORDS, PIPELINE_RUNS)) {
                exec(c, "DELETE FROM " + q(t) + " WHERE run_id = " + lit(runId));
            }
            insertStaged(c, staged, REJECTED_RECORDS);
            insertRun(c, failed);
        });
    }

    @Override
    public void publishDerived(String publishId, String table, Dataset<Row> rows) {
        checkDerived(publishId, table);
        publishDatabase(publishId, Map.of(table, rows), (c, staged) -> {
            AuditCheck.runAll(c, List.of(notNull(table, Columns.BACKTEST_ID, Columns.FIGURE, Columns.ITEM),
                    accepted(table, Columns.FIGURE, MartCatalog.BACKTEST_FIGURES)));
            recreate(c, table);
            insertStaged(c, staged, table);
        });
    }

    @Override
    public void recordAlerts(String runId, long alerts, String delivery) {
        checkRunId(runId);
        // Run databases are immutable, so the update is a publish of its own: a copy with the run's row updated.
        publishDatabase(runId + ALERTS_SUFFIX, Map.of(), (c, staged) -> updateAlerts(c, DuckDbWarehouse::q, runId, alerts, delivery));
    }

    /** Names the database of a run's alert update: {@code runs/<run_id>.alerts.duckdb}. */
    static final String ALERTS_SUFFIX = ".alerts";

    /** Sets a run's alert columns in PIPELINE_RUNS (both warehouses' SQL); fails unless exactly its row changed. */
    static void updateAlerts(Connection c, UnaryOperator<String> quote, String runId, long alerts,
                             String delivery) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement("UPDATE " + quote.apply(PIPELINE_RUNS) + " SET "
                + quote.apply(Columns.ALERTS) + " = ?, " + quote.apply(Columns.ALERT_DELIVERY) + " = ? WHERE "
                + quote.apply(Columns.RUN_ID) + " = ?")) {
            ps.setLong(1, alerts);
            ps.setString(2, delivery);
            ps.setString(3, runId);
            if (ps.executeUpdate() != 1) {
                throw new PublishException("run " + runId + " is not in " + PIPELINE_RUNS + "; its alerts were not recorded");
            }
        }
    }

    /** Tables {@link #publishDerived} may replace; a run's tables never go that way. */
    static final Set<String> DERIVED_TABLES = Set.of(SCORE_BACKTEST);

    static void checkDerived(String publishId, String table) {
        if (!DERIVED_TABLES.contains(table)) {
            throw new PublishException("cannot publish " + table + " on its own: only " + DERIVED_TABLES + " are derived tables");
        }
        if (publishId == null || !SAFE_RUN_ID.matcher(publishId).matches()) {
            throw new PublishException("invalid publish id " + publishId);
        }
    }

    /** What a publish changes in the new database once it holds the catalog's tables and the staged views. */
    @FunctionalInterface
    private interface Builder {
        /**
         * @param c      the new database: a copy of the previous run's, in the catalog's schema
         * @param staged tables the run staged as Parquet (a temp view {@code staged_<TABLE>} each)
         */
        void build(Connection c, Set<String> staged) throws SQLException;
    }

    /** The shared write → build → switch → clean-up sequence of publish and recordFailedRun. */
    private void publishDatabase(String runId, Map<String, Dataset<Row>> tables, Builder builder) {
        try {
            Files.createDirectories(dir.resolve(RUNS));
            Files.createDirectories(dir.resolve(STAGING));
        } catch (IOException e) {
            throw new PublishException("cannot create warehouse " + dir + ": " + e.getMessage(), e);
        }
        try (PublishLock ignored = PublishLock.acquire(dir)) {
            removeLeftovers();
            Path stage = dir.resolve(STAGING).resolve(runId);
            Path target = dir.resolve(RUNS).resolve(runId + DB_SUFFIX);
            if (Files.exists(target)) {
                throw new PublishException("run " + runId + " is already in " + dir.resolve(RUNS));
            }
            try {
                Files.createDirectories(stage);
                Map<String, Path> written = write(tables, stage);
                hook.at("written");
                Path previous = currentDatabase().orElse(null);
                Path building = stage.resolve(runId + DB_SUFFIX);
                build(building, previous, written, builder);
                hook.at("built");
                Files.move(building, target, StandardCopyOption.ATOMIC_MOVE);
                hook.at("moved");
                switchCurrent(target);
            } catch (IOException e) {
                throw new PublishException("publishing " + runId + " to " + dir + " failed: " + e.getMessage(), e);
            } finally {
                deleteRecursively(stage);
            }
            pruneOldRuns();
        }
    }

    // ----------------------------------------------------------------------------------------------- write

    /** Spark writes each table, conformed to the catalog schema, as Parquet under the stage directory (side by side). */
    private Map<String, Path> write(Map<String, Dataset<Row>> tables, Path stage) {
        List<Supplier<Path>> writes = tables.entrySet().stream()
                .<Supplier<Path>>map(e -> () -> write(MartCatalog.table(e.getKey()), e.getValue(), stage)).toList();
        List<Path> paths = ConcurrentJobs.all(writes);
        Map<String, Path> written = new LinkedHashMap<>();
        int i = 0;
        for (String table : tables.keySet()) {
            written.put(table, paths.get(i++)); // a catalog name: write() looked it up
        }
        return written;
    }

    private static Path write(MartCatalog.Table def, Dataset<Row> ds, Path stage) {
        List<String> missing = def.columnNames().stream().filter(n -> !List.of(ds.columns()).contains(n)).toList();
        if (!missing.isEmpty()) {
            throw new PublishException("table " + def.name() + " lacks columns " + missing);
        }
        Path out = stage.resolve(def.name());
        int files = Math.max(1, ds.sparkSession().sparkContext().defaultParallelism());
        try {
            conform(ds, def).coalesce(files).write().mode(SaveMode.Overwrite).parquet(out.toUri().toString());
        } catch (RuntimeException ex) {
            throw new PublishException("writing " + def.name() + " to " + out + " failed: " + WarehouseReader.firstLine(ex), ex);
        }
        return out;
    }

    /** The catalog's columns, in order, cast to the catalog's types (extra columns dropped). */
    static Dataset<Row> conform(Dataset<Row> ds, MartCatalog.Table def) {
        Column[] cols = def.columns().stream()
                .map(c -> functions.col(c.name()).cast(SparkTypes.of(c.sqlType())).as(c.name()))
                .toArray(Column[]::new);
        return ds.select(cols);
    }

    // ----------------------------------------------------------------------------------------------- build

    /**
     * Builds the new run database: a byte copy of the previous run's (immutable, checkpointed) database brought to
     * the catalog's schema, or an empty one with the catalog's DDL; then the builder changes what the run changes.
     * Copying the file and rewriting only what changed keeps a nightly publish proportional to the run, not to the
     * whole history.
     */
    private void build(Path building, Path previous, Map<String, Path> written, Builder builder) throws IOException {
        if (previous != null) {
            Files.copy(previous, building);
        }
        try (Connection c = DriverManager.getConnection("jdbc:duckdb:" + building)) {
            exec(c, "SET TimeZone = 'UTC'");
            exec(c, "SET preserve_insertion_order = false");
            for (MartCatalog.Table t : MartCatalog.tables()) {
                conformTable(c, t);
            }
            for (Map.Entry<String, Path> e : written.entrySet()) {
                exec(c, createStagedView(MartCatalog.table(e.getKey()), e.getValue()));
            }
            builder.build(c, written.keySet());
            hook.at("loaded");
            comment(c);
            exec(c, "CHECKPOINT");
        } catch (SQLException e) {
            throw new PublishException("building the run database failed: " + WarehouseReader.firstLine(e), e);
        }
    }

    static String createTable(MartCatalog.Table t) {
        return "CREATE TABLE " + q(t.name()) + " (" + t.columns().stream()
                .map(c -> q(c.name()) + " " + c.sqlType()).collect(Collectors.joining(", ")) + ")";
    }

    /**
     * Creates a missing table; a table whose columns or types differ from the catalog (an older release) is
     * rebuilt with the catalog's DDL, keeping the values of the columns both share, renamed ones included.
     */
    private static void conformTable(Connection c, MartCatalog.Table t) throws SQLException {
        Map<String, String> existing = existingColumns(c, t.name());
        if (existing.isEmpty()) {
            exec(c, createTable(t));
            return;
        }
        Map<String, String> wanted = new LinkedHashMap<>();
        t.columns().forEach(col -> wanted.put(col.name(), col.sqlType()));
        if (new ArrayList<>(existing.entrySet()).equals(new ArrayList<>(wanted.entrySet()))) {
            return;
        }
        String old = q("__old_" + t.name());
        exec(c, "ALTER TABLE " + q(t.name()) + " RENAME TO " + old);
        exec(c, createTable(t));
        List<MartCatalog.Column> shared = t.columns().stream()
                .filter(col -> col.nameIn(existing::containsKey).isPresent()).toList();
        if (!shared.isEmpty()) {
            exec(c, "INSERT INTO " + q(t.name()) + " (" + shared.stream().map(col -> q(col.name())).collect(Collectors.joining(", "))
                    + ") SELECT " + shared.stream().map(col -> "TRY_CAST(" + sourceOf(col, existing) + " AS " + col.sqlType() + ")")
                    .collect(Collectors.joining(", ")) + " FROM " + old);
        }
        exec(c, "DROP TABLE " + old);
    }

    /** A table's columns and their types, in order; empty when the table does not exist. */
    private static Map<String, String> existingColumns(Connection c, String table) throws SQLException {
        Map<String, String> existing = new LinkedHashMap<>();
        try (PreparedStatement ps = c.prepareStatement("SELECT column_name, data_type FROM duckdb_columns() "
                + "WHERE database_name = current_database() AND schema_name = 'main' AND table_name = ? ORDER BY column_index")) {
            ps.setString(1, table);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    existing.put(rs.getString(1), rs.getString(2));
                }
            }
        }
        return existing;
    }

    /** Where a catalog column's values are in a table with these columns: its name, its former name, or NULL. */
    private static String sourceOf(MartCatalog.Column col, Map<String, String> existing) {
        return col.nameIn(existing::containsKey).map(DuckDbWarehouse::q).orElse("NULL");
    }

    /** Empties a table by dropping and re-creating it, which frees its blocks for reuse in the new file. */
    private static void recreate(Connection c, String table) throws SQLException {
        exec(c, "DROP TABLE " + q(table));
        exec(c, createTable(MartCatalog.table(table)));
    }

    private static String stagedView(String table) {
        return q("staged_" + table);
    }

    private static String createStagedView(MartCatalog.Table t, Path parquetDir) throws SQLException {
        String select = t.columns().stream()
                .map(col -> "CAST(" + q(col.name()) + " AS " + col.sqlType() + ") AS " + q(col.name()))
                .collect(Collectors.joining(", "));
        boolean hasFiles;
        try (Stream<Path> s = Files.list(parquetDir)) {
            hasFiles = s.anyMatch(p -> p.getFileName().toString().endsWith(".parquet"));
        } catch (IOException e) {
            throw new SQLException("cannot list " + parquetDir, e);
        }
        String from = hasFiles
                ? " FROM read_parquet(" + lit(parquetDir.resolve("*.parquet").toString()) + ")"
                : " FROM (SELECT " + t.columns().stream().map(col -> "NULL AS " + q(col.name())).collect(Collectors.joining(", "))
                        + ") WHERE false";
        return "CREATE TEMP VIEW " + stagedView(t.name()) + " AS SELECT " + select + from;
    }

    /** Applies the run to the copy of the previous database: replaces its dates, appends its logs, merges its cache. */
    private void applyRun(Connection c, Set<String> staged, Set<LocalDate> scoredDates, LocalDate runAsOf, String runId,
                          List<AuditCheck> checks) throws SQLException {
        String dates = scoredDates.stream().sorted().map(d -> "DATE " + lit(d.toString())).collect(Collectors.joining(", "));
        String thisRun = "run_id = " + lit(runId);
        LocalDate publishedMax = maxAsOf(c);

        // History: the run's dates replace those dates; the other dates stay.
        exec(c, "DELETE FROM " + q(ACCOUNT_HEALTH_HISTORY) + " WHERE as_of_date IN (" + dates + ")");
        insertStaged(c, staged, ACCOUNT_HEALTH_HISTORY);
        recreate(c, ACCOUNT_HEALTH_SCORE);
        exec(c, "INSERT INTO " + q(ACCOUNT_HEALTH_SCORE) + " SELECT * FROM " + q(ACCOUNT_HEALTH_HISTORY)
                + " WHERE as_of_date = (SELECT max(as_of_date) FROM " + q(ACCOUNT_HEALTH_HISTORY) + ")");
        recreate(c, ACCOUNT_SCORE_CHANGES);
        exec(c, ScoreChangesSql.insert(DuckDbWarehouse::q, maxAsOf(c), runId));

        // Latest-state tables: the run's rows win unless the run backfills a date older than the published one.
        boolean newest = publishedMax == null || !runAsOf.isBefore(publishedMax);
        for (String t : List.of(INTERACTION_TRANSCRIPTS_ENRICHED, ACCOUNT_INSIGHTS)) {
            if (newest && staged.contains(t)) {
                recreate(c, t);
                insertStaged(c, staged, t);
            }
        }

        // Logs: appended (re-publishing a run id replaces its own rows).
        for (String t : List.of(REJECTED_RECORDS, DATA_QUALITY_CHECKS, PIPELINE_RUNS)) {
            exec(c, "DELETE FROM " + q(t) + " WHERE " + thisRun);
        }
        insertStaged(c, staged, REJECTED_RECORDS);
        insertStaged(c, staged, DATA_QUALITY_CHECKS);
        String into = q(DATA_QUALITY_CHECKS) + " (" + MartCatalog.table(DATA_QUALITY_CHECKS).columnNames().stream()
                .map(DuckDbWarehouse::q).collect(Collectors.joining(", ")) + ")";
        AuditCheck.recordPassed(c, into, runId, checks, "staged Parquet");

        // Cache: new entries replace old ones with the same key.
        if (staged.contains(ENRICHMENT_CACHE)) {
            String key = MartCatalog.ENRICHMENT_CACHE_KEY.stream().map(DuckDbWarehouse::q).collect(Collectors.joining(", "));
            String sameKey = MartCatalog.ENRICHMENT_CACHE_KEY.stream().map(k -> "n." + q(k) + " IS NOT DISTINCT FROM o." + q(k)).collect(Collectors.joining(" AND "));
            exec(c, "DELETE FROM " + q(ENRICHMENT_CACHE) + " o WHERE EXISTS (SELECT 1 FROM " + stagedView(ENRICHMENT_CACHE)
                    + " n WHERE " + sameKey + ")");
            exec(c, "INSERT INTO " + q(ENRICHMENT_CACHE) + " SELECT DISTINCT ON (" + key + ") * FROM " + stagedView(ENRICHMENT_CACHE));
        }
    }

    private static void insertStaged(Connection c, Set<String> staged, String table) throws SQLException {
        if (staged.contains(table)) {
            exec(c, "INSERT INTO " + q(table) + " SELECT * FROM " + stagedView(table));
        }
    }

    private static LocalDate maxAsOf(Connection c) throws SQLException {
        try (Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT max(as_of_date) FROM " + q(ACCOUNT_HEALTH_HISTORY))) {
            rs.next();
            return rs.getObject(1, LocalDate.class);
        }
    }

    private static void insertRun(Connection c, RunRecord r) throws SQLException {
        MartCatalog.Table t = MartCatalog.table(PIPELINE_RUNS);
        String values = t.columns().stream().map(col -> "CAST(? AS " + col.sqlType() + ")").collect(Collectors.joining(", "));
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + q(PIPELINE_RUNS) + " VALUES (" + values + ")")) {
            Object[] v = r.sqlValues();
            for (int i = 0; i < v.length; i++) {
                ps.setObject(i + 1, v[i]);
            }
            ps.executeUpdate();
        }
    }

    private void comment(Connection c) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (MartCatalog.Table t : MartCatalog.tables()) {
                s.execute("COMMENT ON TABLE " + q(t.name()) + " IS " + lit(t.description()));
                for (MartCatalog.Column col : t.columns()) {
                    s.execute("COMMENT ON COLUMN " + q(t.name()) + "." + q(col.name()) + " IS " + lit(col.description(model)));
                }
            }
        }
    }

    // ----------------------------------------------------------------------------------------------- audit

    /** Audits the staged Parquet; any failing check stops the publish before anything is visible. */
    private static List<AuditCheck> audit(Connection c, Set<String> staged, Set<LocalDate> scoredDates) throws SQLException {
        if (!staged.contains(ACCOUNT_HEALTH_HISTORY)) {
            throw new PublishException("audit failed, nothing published: history_not_empty (the run has no "
                    + ACCOUNT_HEALTH_HISTORY + " table)");
        }
        String h = stagedView(ACCOUNT_HEALTH_HISTORY);
        String dates = scoredDates.stream().sorted().map(d -> "DATE " + lit(d.toString())).collect(Collectors.joining(", "));
        List<AuditCheck> checks = new ArrayList<>();
        checks.add(check("history_not_empty", ACCOUNT_HEALTH_HISTORY, null,
                "SELECT CASE WHEN count(*) = 0 THEN 1 ELSE 0 END FROM " + h));
        checks.add(check("history_unique_account_date", ACCOUNT_HEALTH_HISTORY, "account_id, as_of_date",
                "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM " + h + " GROUP BY account_id, as_of_date HAVING count(*) > 1)"));
        checks.add(notNull(ACCOUNT_HEALTH_HISTORY, "account_id", "as_of_date", "run_id"));
        checks.add(check("history_dates_scored", ACCOUNT_HEALTH_HISTORY, "as_of_date",
                "SELECT count(*) FROM " + h + " WHERE as_of_date NOT IN (" + dates + ")"));
        checks.add(check("health_score_range", ACCOUNT_HEALTH_HISTORY, Columns.HEALTH_SCORE,
                "SELECT count(*) FROM " + h + " WHERE health_score IS NULL OR NOT (health_score BETWEEN 0 AND 100)"));
        checks.add(accepted(ACCOUNT_HEALTH_HISTORY, Columns.RISK_TIER, MartCatalog.RISK_TIERS));
        if (staged.contains(INTERACTION_TRANSCRIPTS_ENRICHED)) {
            String t = stagedView(INTERACTION_TRANSCRIPTS_ENRICHED);
            checks.add(notNull(INTERACTION_TRANSCRIPTS_ENRICHED, "interaction_id", "account_id"));
            checks.add(check("transcripts_unique_interaction", INTERACTION_TRANSCRIPTS_ENRICHED, "interaction_id",
                    "SELECT coalesce(sum(n), 0) FROM (SELECT count(*) AS n FROM " + t + " GROUP BY interaction_id HAVING count(*) > 1)"));
            checks.add(accepted(INTERACTION_TRANSCRIPTS_ENRICHED, "attribution", MartCatalog.ATTRIBUTIONS));
            checks.add(accepted(INTERACTION_TRANSCRIPTS_ENRICHED, "enrichment_status", MartCatalog.ENRICHMENT_STATUSES));
            checks.add(check("transcripts_account_in_history", INTERACTION_TRANSCRIPTS_ENRICHED, "account_id",
                    "SELECT count(*) FROM " + t + " x WHERE NOT EXISTS (SELECT 1 FROM " + h + " y WHERE y.account_id = x.account_id)"));
        }
        if (staged.contains(ACCOUNT_INSIGHTS)) {
            checks.add(notNull(ACCOUNT_INSIGHTS, "account_id"));
        }
        if (staged.contains(REJECTED_RECORDS)) {
            checks.add(notNull(REJECTED_RECORDS, "run_id", "source", "reason_code"));
        }
        if (staged.contains(ENRICHMENT_CACHE)) {
            checks.add(notNull(ENRICHMENT_CACHE, MartCatalog.ENRICHMENT_CACHE_KEY.toArray(String[]::new)));
        }
        return AuditCheck.runAll(c, checks);
    }

    private static AuditCheck check(String name, String table, String column, String sql) {
        return new AuditCheck(name, table, column, sql, 0);
    }

    private static AuditCheck notNull(String table, String... columns) {
        String cond = Stream.of(columns).map(col -> q(col) + " IS NULL").collect(Collectors.joining(" OR "));
        return check(AuditCheck.shortName(table) + "_not_null", table, String.join(", ", columns),
                "SELECT count(*) FROM " + stagedView(table) + " WHERE " + cond);
    }

    private static AuditCheck accepted(String table, String column, Collection<String> values) {
        String list = values.stream().map(DuckDbWarehouse::lit).collect(Collectors.joining(", "));
        return check(column + "_accepted_values", table, column,
                "SELECT count(*) FROM " + stagedView(table) + " WHERE " + q(column) + " IS NULL OR " + q(column) + " NOT IN (" + list + ")");
    }

    // -------------------------------------------------------------------------------------- switch & clean

    private void switchCurrent(Path target) throws IOException {
        Path tmp = dir.resolve(WarehouseReader.CURRENT + ".tmp");
        String relative = dir.relativize(target).toString().replace('\\', '/');
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ch.write(StandardCharsets.UTF_8.encode(relative + "\n"));
            ch.force(true);
        }
        Files.move(tmp, dir.resolve(WarehouseReader.CURRENT), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    /** Staging directories left by a killed run (the lock is held, so no other run is using them). */
    private void removeLeftovers() {
        try (DirectoryStream<Path> s = Files.newDirectoryStream(dir.resolve(STAGING))) {
            for (Path p : s) {
                deleteRecursively(p);
            }
        } catch (IOException e) {
            throw new PublishException("cannot clean " + dir.resolve(STAGING) + ": " + e.getMessage(), e);
        }
    }

    /** Keeps the current run database and the {@code keepRuns} newest others. */
    private void pruneOldRuns() {
        Path current = currentDatabase().orElse(null);
        List<Path> others;
        try (Stream<Path> s = Files.list(dir.resolve(RUNS))) {
            others = s.filter(p -> p.getFileName().toString().endsWith(DB_SUFFIX))
                    .filter(p -> !p.equals(current))
                    .sorted(Comparator.comparing(DuckDbWarehouse::modified).thenComparing(Path::toString).reversed())
                    .toList();
        } catch (IOException e) {
            return; // pruning is housekeeping; the publish itself succeeded
        }
        for (Path p : others.subList(Math.min(keepRuns, others.size()), others.size())) {
            try {
                Files.deleteIfExists(p);
                Files.deleteIfExists(p.resolveSibling(p.getFileName() + ".wal"));
            } catch (IOException e) {
                // an undeletable old run is only wasted space
            }
        }
    }

    private static long modified(Path p) {
        try {
            return Files.getLastModifiedTime(p).toMillis();
        } catch (IOException e) {
            return 0;
        }
    }

    static void deleteRecursively(Path p) {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> s = Files.walk(p)) {
            s.sorted(Comparator.reverseOrder()).forEach(x -> {
                try {
                    Files.deleteIfExists(x);
                } catch (IOException e) {
                    // best effort; the next publisher retries
                }
            });
        } catch (IOException e) {
            // best effort
        }
    }

    private static void deleteOnExit(Path tmp) {
        Runtime.getRuntime().addShutdownHook(new Thread(() -> deleteRecursively(tmp)));
    }

    /** The run's id, when it is safe in a file name and a SQL literal (both warehouses check it here). */
    static String checkRunId(RunRecord run) {
        return checkRunId(run == null ? null : run.runId());
    }

    static String checkRunId(String runId) {
        if (runId == null || !SAFE_RUN_ID.matcher(runId).matches()) {
            throw new PublishException("invalid run id " + runId);
        }
        return runId;
    }

    // -------------------------------------------------------------------------------------------- sql bits

    static String q(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }

    static String lit(String value) {
        return "'" + value.replace("'", "''") + "'";
    }

    private static void exec(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }

    /** The exclusive publish lock; a second publisher (another process or thread) is refused at once. */
    private static final class PublishLock implements AutoCloseable {
        private final FileChannel channel;
        private final FileLock lock;

        private PublishLock(FileChannel channel, FileLock lock) {
            this.channel = channel;
            this.lock = lock;
        }

        static PublishLock acquire(Path dir) {
            FileChannel ch = null;
            try {
                ch = FileChannel.open(dir.resolve(LOCK), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = ch.tryLock();
                if (lock == null) {
                    throw new OverlappingFileLockException();
                }
                return new PublishLock(ch, lock);
            } catch (OverlappingFileLockException e) {
                closeQuietly(ch);
                throw new PublishException("another run is publishing to " + dir);
            } catch (IOException e) {
                closeQuietly(ch);
                throw new PublishException("cannot lock " + dir.resolve(LOCK) + ": " + e.getMessage(), e);
            }
        }

        private static void closeQuietly(FileChannel ch) {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // nothing to release
                }
            }
        }

        @Override
        public void close() {
            try {
                lock.release();
            } catch (IOException ignored) {
                // closing the channel releases it too
            }
            closeQuietly(channel);
        }
    }
}
