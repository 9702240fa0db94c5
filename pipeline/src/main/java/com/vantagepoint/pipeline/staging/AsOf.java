package com.vantagepoint.pipeline.staging;

import com.vantagepoint.scoring.catalog.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.sql.Date;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.to_date;

/**
 * The as-of window: an event counts for a date when it happened up to the end of that day (UTC; the
 * session time zone is UTC, so {@code to_date} of a timestamp is its UTC day).
 */
public final class AsOf {
    private AsOf() {
    }

    /** True when the event time is on or before the as-of day (column holding a date). */
    public static Column within(Column eventTime, Column asOfDate) {
        return to_date(eventTime).leq(asOfDate);
    }

    /** True when the event time is after the given day. */
    public static Column after(Column eventTime, LocalDate day) {
        return to_date(eventTime).gt(lit(Date.valueOf(day)));
    }

    /**
     * The earliest of {@code asOfDates} whose window contains the event (the first date on or after its day);
     * null when the event is after every date. An event counts for its bucket and every later date, so metrics
     * can be aggregated once per (key, bucket) and only the small aggregate expanded to the dates.
     */
    public static Column bucket(Column eventTime, Dataset<Row> asOfDates) {
        List<Date> sorted = asOfDates.select(Columns.AS_OF_DATE).collectAsList().stream()
                .map(r -> r.getDate(0)).filter(java.util.Objects::nonNull).distinct().sorted().toList();
        Column day = to_date(eventTime);
        Column bucket = null;
        for (Date date : sorted) {
            Column d = lit(date);
            bucket = bucket == null ? org.apache.spark.sql.functions.when(day.leq(d), d) : bucket.when(day.leq(d), d);
        }
        return bucket == null ? lit(null).cast(DataTypes.DateType) : bucket;
    }

    /** {@code asOf} and the {@code historyWeeks} (at least 0) weekly dates before it, oldest first. */
    public static List<LocalDate> dates(LocalDate asOf, int historyWeeks) {
        List<LocalDate> dates = new ArrayList<>();
        for (int week = historyWeeks; week >= 0; week--) {
            dates.add(asOf.minusWeeks(week));
        }
        return dates;
    }

    /** Every {@code stepDays}-th day from {@code from} up to {@code to} (inclusive when on the step), oldest first. */
    public static List<LocalDate> range(LocalDate from, LocalDate to, int stepDays) {
        if (stepDays < 1 || from.isAfter(to)) {
            throw new IllegalArgumentException("no dates from " + from + " to " + to + " every " + stepDays + " days");
        }
        List<LocalDate> dates = new ArrayList<>();
        for (LocalDate d = from; !d.isAfter(to); d = d.plusDays(stepDays)) {
            dates.add(d);
        }
        return dates;
    }

    /** A one-column frame ({@link Columns#AS_OF_DATE}) of the dates, to cross-join events with. */
    public static Dataset<Row> frame(SparkSession spark, List<LocalDate> dates) {
        StructType schema = new StructType().add(Columns.AS_OF_DATE, DataTypes.DateType, false);
        List<Row> rows = dates.stream().map(d -> org.apache.spark.sql.RowFactory.create(Date.valueOf(d))).toList();
        return spark.createDataFrame(rows, schema);
    }
}
