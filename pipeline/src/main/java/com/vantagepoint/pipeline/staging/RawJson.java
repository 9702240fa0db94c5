package com.vantagepoint.pipeline.staging;

import com.vantagepoint.scoring.catalog.Columns;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Function;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.isnan;
import static org.apache.spark.sql.functions.length;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.lower;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * Parses raw JSON lines with an explicit schema in which every field is a string, so that a value of the
 * wrong type is still visible (and can be rejected as {@code bad_type} with the value in the detail) instead
 * of silently becoming null. Unknown extra fields are ignored; nothing is ever inferred.
 */
public final class RawJson {
    /** The parsed struct of one line. */
    public static final String PARSED = "_json";

    /** The type a raw string field is converted to in staging. */
    public enum FieldType {
        /** Trimmed; blank reads as absent (null). */
        STRING("string", raw -> raw),
        DATE("date (YYYY-MM-DD)", raw -> raw.cast(DataTypes.DateType)),
        /**
         * A trailing {@code Z} is dropped before the cast: the session time zone is UTC (SparkSessions), so the
         * value is the same, and Spark's cast resolves an explicit zone with a regex compiled per value (a
         * profile of 7.5 M sessions spent ~5 % of the job there). Offsets take the general path.
         */
        TIMESTAMP("ISO-8601 timestamp", raw -> when(raw.endsWith("Z"),
                raw.substr(lit(1), length(raw).minus(1))).otherwise(raw).cast(DataTypes.TimestampType)),
        DECIMAL("decimal", raw -> raw.cast(DataTypes.createDecimalType(18, 2))),
        DOUBLE("number", raw -> {
            Column d = raw.cast(DataTypes.DoubleType);
            return when(isnan(d), lit(null).cast(DataTypes.DoubleType)).otherwise(d);
        }),
        /** Only JSON true/false (or their string forms): Spark's own cast would also take yes/no/1/0. */
        BOOLEAN("boolean", raw -> when(lower(trim(raw))
                .isin("true", "false"), lower(trim(raw)).equalTo("true")));

        private final String description;
        private final Function<Column, Column> convert;

        FieldType(String description, Function<Column, Column> convert) {
            this.description = description;
            this.convert = convert;
        }

        /** How a bad value is described in a reject's detail. */
        public String description() {
            return description;
        }

        /** The typed value of a (trimmed, non-blank) raw string; null when it does not convert. */
        public Column convert(Column text) {
            return convert.apply(text);
        }
    }

    private RawJson() {
    }

    /** The all-string schema of a source's fields. */
    public static StructType stringSchema(List<String> fields) {
        StructType schema = new StructType();
        for (String field : fields) {
            schema = schema.add(field, DataTypes.StringType, true);
        }
        return schema;
    }

    /** The raw (string) value of a field of the parsed line. */
    public static Column raw(String field) {
        return col(PARSED).getField(field);
    }

    /**
     * The raw line and its parsed struct (all fields strings; null for a line that is not one JSON object), then
     * the lines' other columns as they are.
     */
    public static Dataset<Row> parsed(Dataset<Row> lines, StructType stringSchema) {
        StructType parsed = new StructType()
                .add(Columns.RAW_RECORD, DataTypes.StringType, true)
                .add(PARSED, stringSchema, true);
        List<Column> columns = new ArrayList<>(List.of(col(Columns.RAW_RECORD)));
        for (StructField carried : carried(lines)) {
            parsed = parsed.add(carried);
            columns.add(col(carried.name()));
        }
        return lines.select(columns.toArray(Column[]::new))
                .mapPartitions(new JsonObjectParser(List.of(stringSchema.fieldNames())), Encoders.row(parsed));
    }

    /** The columns of raw lines other than the line itself: where each came from, carried through staging. */
    static List<StructField> carried(Dataset<Row> lines) {
        return Arrays.stream(lines.schema().fields()).filter(f -> !f.name().equals(Columns.RAW_RECORD)).toList();
    }

    /** True for a line that is not a JSON object. */
    public static Column malformed() {
        return col(PARSED).isNull();
    }
}
