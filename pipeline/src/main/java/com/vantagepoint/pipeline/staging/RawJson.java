package com.vantagepoint.pipeline.staging;

import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;

import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.from_json;
import static org.apache.spark.sql.functions.isnan;
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
    private static final String CORRUPT = "_corrupt_record";

    /** The type a raw string field is converted to in staging. */
    public enum FieldType {
        /** Trimmed; blank reads as absent (null). */
        STRING("string", raw -> raw),
        DATE("date (YYYY-MM-DD)", raw -> raw.cast(DataTypes.DateType)),
        TIMESTAMP("ISO-8601 timestamp", raw -> raw.cast(DataTypes.TimestampType)),
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
    }

    private RawJson() {
    }

    /** The all-string schema of a source's fields, plus the corrupt-record column. */
    public static StructType stringSchema(List<String> fields) {
        StructType schema = new StructType();
        for (String field : fields) {
            schema = schema.add(field, DataTypes.StringType, true);
        }
        return schema.add(CORRUPT, DataTypes.StringType, true);
    }

    /** The raw (string) value of a field of the parsed line. */
    public static Column raw(String field) {
        return col(PARSED).getField(field);
    }

    /** Parses each line; lines that are not a JSON object are tagged {@code malformed_json}. */
    public static Dataset<Row> parse(Dataset<Row> lines, StructType stringSchema) {
        Dataset<Row> parsed = Rejects.untagged(lines.withColumn(PARSED, from_json(col(Rejects.RAW_RECORD), stringSchema,
                Map.of("mode", "PERMISSIVE", "columnNameOfCorruptRecord", CORRUPT))));
        return Rejects.tag(parsed, col(PARSED).isNull().or(raw(CORRUPT).isNotNull()), Rejects.MALFORMED_JSON,
                lit("not a well-formed JSON object"));
    }

    /** Tags records in which a required field is absent, null or blank. */
    public static Dataset<Row> requireFields(Dataset<Row> tagged, List<String> required) {
        Dataset<Row> result = tagged;
        for (String field : required) {
            result = Rejects.tag(result, raw(field).isNull().or(trim(raw(field)).equalTo("")), Rejects.MISSING_KEY,
                    lit("missing required field " + field));
        }
        return result;
    }

    /**
     * Adds the typed column {@code field} (trimmed; blank reads as absent) and tags records whose value does
     * not convert as {@code bad_type}, naming the field and the value.
     */
    public static Dataset<Row> typed(Dataset<Row> tagged, String field, FieldType type) {
        return typed(tagged, field, type, field);
    }

    /** As {@link #typed(Dataset, String, FieldType)}, from raw field {@code rawField} into column {@code column}. */
    public static Dataset<Row> typed(Dataset<Row> tagged, String column, FieldType type, String rawField) {
        Column text = trim(raw(rawField));
        Column value = when(text.equalTo(""), lit(null)).otherwise(type.convert.apply(text));
        Dataset<Row> withValue = tagged.withColumn(column, value);
        if (type == FieldType.STRING) {
            return withValue;
        }
        return Rejects.tag(withValue, text.notEqual("").and(col(column).isNull()), Rejects.BAD_TYPE,
                concat(lit("field " + rawField + " is not a " + type.description + ": "), raw(rawField)));
    }

    /** Tags records whose (typed, non-null) value is outside an accepted set. */
    public static Dataset<Row> accepted(Dataset<Row> tagged, String field, List<String> acceptedValues) {
        return Rejects.tag(tagged, col(field).isNull().or(col(field).isin(acceptedValues.toArray()).unary_$bang()),
                Rejects.BAD_VALUE,
                concat(lit("field " + field + " is not one of " + String.join("|", acceptedValues) + ": "),
                        org.apache.spark.sql.functions.coalesce(col(field), lit("null"))));
    }
}
