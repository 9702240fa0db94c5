package com.vantagepoint.pipeline.staging;

import com.vantagepoint.pipeline.staging.RawJson.FieldType;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * The record-level part of staging declared once per source and applied in ONE projection: the typed fields
 * and the first failing check ({@code malformed_json}, then the checks in declaration order) as the
 * {@link Rejects#REJECT} tag. Keeping it in one projection keeps the plan small, so Spark analyzes and
 * compiles it quickly.
 */
public final class RecordChecks {
    private final Map<String, Column> fields = new LinkedHashMap<>();
    private final List<Column> failures = new ArrayList<>();

    /** Required fields: absent, null or blank is {@code missing_key}. */
    public RecordChecks required(String... rawFields) {
        for (String field : rawFields) {
            Column raw = RawJson.raw(field);
            failures.add(failure(raw.isNull().or(trim(raw).equalTo("")), Rejects.MISSING_KEY,
                    lit("missing required field " + field)));
        }
        return this;
    }

    public RecordChecks field(String field, FieldType type) {
        return field(field, type, field);
    }

    /** A typed column from a raw field; a value that does not convert is {@code bad_type}. */
    public RecordChecks field(String column, FieldType type, String rawField) {
        Column text = trim(RawJson.raw(rawField));
        Column value = when(text.equalTo(""), lit(null)).otherwise(type.convert(text));
        fields.put(column, value);
        if (type != FieldType.STRING) {
            failures.add(failure(text.notEqual("").and(value.isNull()), Rejects.BAD_TYPE,
                    concat(lit("field " + rawField + " is not a " + type.description() + ": "), RawJson.raw(rawField))));
        }
        return this;
    }

    /** A column taken as received (not trimmed or typed), e.g. free text. */
    public RecordChecks rawField(String field) {
        fields.put(field, RawJson.raw(field));
        return this;
    }

    /** The (typed) value must be one of {@code accepted}; null is outside too. */
    public RecordChecks accepted(String column, List<String> accepted) {
        Column value = fields.get(column);
        failures.add(failure(value.isNull().or(value.isin(accepted.toArray()).unary_$bang()), Rejects.BAD_VALUE,
                concat(lit("field " + column + " is not one of " + String.join("|", accepted) + ": "),
                        coalesce(value, lit("null")))));
        return this;
    }

    /** A custom {@code bad_value} rule over the typed values; {@code detail} must be non-null when it fails. */
    public RecordChecks badValue(Function<Map<String, Column>, Column> failing, Function<Map<String, Column>, Column> detail) {
        failures.add(failure(failing.apply(fields), Rejects.BAD_VALUE, detail.apply(fields)));
        return this;
    }

    /** Raw lines to the tagged frame: raw_record, the typed fields, the reject tag. */
    public Dataset<Row> apply(Dataset<Row> lines, org.apache.spark.sql.types.StructType stringSchema) {
        Dataset<Row> parsed = RawJson.parsed(lines, stringSchema);
        List<Column> columns = new ArrayList<>();
        columns.add(col(Rejects.RAW_RECORD));
        fields.forEach((name, value) -> columns.add(value.as(name)));
        List<Column> checks = new ArrayList<>();
        checks.add(failure(RawJson.malformed(), Rejects.MALFORMED_JSON, lit("not a well-formed JSON object")));
        checks.addAll(failures);
        columns.add(coalesce(checks.toArray(Column[]::new)).as(Rejects.REJECT));
        return parsed.select(columns.toArray(Column[]::new));
    }

    private static Column failure(Column failing, String reasonCode, Column detail) {
        return when(failing, struct(lit(reasonCode).as(Rejects.REASON_CODE), detail.as(Rejects.DETAIL)));
    }
}
