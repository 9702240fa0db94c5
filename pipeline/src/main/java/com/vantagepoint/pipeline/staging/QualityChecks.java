package com.vantagepoint.pipeline.staging;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import com.vantagepoint.pipeline.schema.SparkTypes;
import com.vantagepoint.pipeline.spark.ConcurrentJobs;
import com.vantagepoint.scoring.catalog.Tables;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;

import static org.apache.spark.sql.functions.broadcast;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.count;
import static org.apache.spark.sql.functions.countDistinct;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.sum;
import static org.apache.spark.sql.functions.when;

/**
 * Data-quality checks in the spirit of dbt's generic tests, run on staged data (and on the mart): {@code unique},
 * {@code not_null}, {@code accepted_values} and {@code relationships}. Each table is checked in one aggregation
 * (relationships through broadcast joins in the same query). A failing check does not stop the run; it is reported in the run
 * report and DATA_QUALITY_CHECKS. Severity {@code warn} marks checks that flag, rather than fail, by design
 * (an unknown feature name: products grow).
 */
public final class QualityChecks {
    public static final String PASS = "pass";
    public static final String FAIL = "fail";
    public static final String WARN = "warn";

    public static final StructType SCHEMA = SparkTypes.schema(Tables.DATA_QUALITY_CHECKS);

    /** One check's outcome. */
    public record Result(String checkName, String tableName, String columnName, String status, long failingRows,
                         String detail) {
        static Result of(String check, String table, String column, long failing, boolean warnOnly, String detail) {
            String status = failing == 0 ? PASS : warnOnly ? WARN : FAIL;
            return new Result(check, table, column, status, failing, detail);
        }
    }

    private QualityChecks() {
    }

    /** Runs every table's checks, tables side by side; the results are in the order of the tables. */
    public static List<Result> check(List<TableChecks> tables) {
        return ConcurrentJobs.all(tables.stream().<Supplier<List<Result>>>map(t -> () -> checkTable(t)).toList())
                .stream().flatMap(List::stream).toList();
    }

    /**
     * unique + not_null on the key, accepted_values on each {@link Accepted} column (only non-null values:
     * nullability is its own test) and relationships for each {@link Relationship}, all in one aggregation
     * (parents are small key sets, broadcast).
     */
    private static List<Result> checkTable(TableChecks checks) {
        List<Result> results = new ArrayList<>();
        String table = checks.table();
        Dataset<Row> staged = checks.frame();
        String key = checks.key();
        List<Accepted> accepted = checks.accepted();
        List<Relationship> relationships = checks.relationships();
        Dataset<Row> frame = staged;
        for (int i = 0; i < relationships.size(); i++) {
            Relationship r = relationships.get(i);
            String parentKey = "_parent_" + i;
            frame = frame.join(broadcast(r.parent().select(col(r.parentKey()).as(parentKey))),
                    col(r.column()).equalTo(col(parentKey)), "left");
        }
        List<Column> aggs = new ArrayList<>();
        aggs.add(count(lit(1)));
        aggs.add(countDistinct(col(key)));
        aggs.add(sum(when(col(key).isNull(), 1L).otherwise(0L)));
        for (Accepted a : accepted) {
            aggs.add(sum(when(outside(a), 1L).otherwise(0L)));
        }
        for (int i = 0; i < relationships.size(); i++) {
            Relationship r = relationships.get(i);
            aggs.add(sum(when(col(r.column()).isNotNull().and(col("_parent_" + i).isNull()), 1L).otherwise(0L)));
        }
        Row row = frame.agg(aggs.get(0), aggs.subList(1, aggs.size()).toArray(Column[]::new)).first();
        long rows = row.getLong(0);
        long nonNullDistinct = row.getLong(1);
        long nulls = longOrZero(row, 2);
        results.add(Result.of("unique", table, key, rows - nulls - nonNullDistinct, false,
                rows + " rows, " + nonNullDistinct + " distinct keys"));
        results.add(Result.of("not_null", table, key, nulls, false, null));
        int at = 3;
        for (Accepted a : accepted) {
            long failing = longOrZero(row, at++);
            results.add(Result.of("accepted_values", table, a.column(), failing, a.warnOnly(),
                    failing == 0 ? "accepted: " + String.join("|", a.values())
                            : "outside " + String.join("|", a.values()) + ": " + examples(staged, a)));
        }
        for (Relationship r : relationships) {
            results.add(Result.of("relationships", table, r.column(), longOrZero(row, at++), false,
                    "to " + r.parentTable() + "." + r.parentKey()));
        }
        return results;
    }

    private static Column outside(Accepted a) {
        return col(a.column()).isNotNull().and(col(a.column()).isin(a.values().toArray()).unary_$bang());
    }

    /**
     * Up to 10 values outside the accepted set, in order. A query of its own: a set-collecting aggregate in the
     * same aggregation as the distinct count of the key made Spark keep one set per key (7.5 M usage sessions)
     * in a slow sort-based aggregation.
     */
    private static List<String> examples(Dataset<Row> staged, Accepted a) {
        return staged.where(outside(a)).select(col(a.column())).distinct().orderBy(col(a.column()))
                .limit(10).collectAsList().stream().map(r -> r.getString(0)).toList();
    }

    private static long longOrZero(Row row, int i) {
        return row.isNullAt(i) ? 0 : row.getLong(i);
    }

    public static Dataset<Row> toFrame(SparkSession spark, String runId, List<Result> results) {
        List<Row> rows = results.stream().map(r -> RowFactory.create(runId, r.checkName(), r.tableName(),
                r.columnName(), r.status(), r.failingRows(), r.detail())).toList();
        return spark.createDataFrame(rows, SCHEMA);
    }

    /** What to check on one table: its key (unique, not null), accepted values and relationships. */
    public record TableChecks(String table, Dataset<Row> frame, String key, List<Accepted> accepted,
                              List<Relationship> relationships) {
    }

    /** relationships: every non-null {@code column} is a {@code parentKey} of {@code parent}. */
    public record Relationship(String column, String parentTable, Dataset<Row> parent, String parentKey) {
    }

    /** accepted_values on a column; {@code warnOnly} reports values outside the set as a warning. */
    public record Accepted(String column, List<String> values, boolean warnOnly) {
    }
}
