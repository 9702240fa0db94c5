package com.vantagepoint.pipeline.staging;

import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.config.Digests;
import com.vantagepoint.pipeline.staging.RawJson.FieldType;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.concat;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_date;
import static org.apache.spark.sql.functions.trim;
import static org.apache.spark.sql.functions.when;

/**
 * The record-level part of staging, declared once per source: the typed fields and the first failing check
 * ({@code malformed_json}, then the checks in declaration order) as the {@link Rejects#REJECT} tag.
 * <p>Applied in three projections - trimmed texts, typed values, checks - so that each trim and cast is
 * evaluated once per record and referenced by name afterwards. Written as one projection, every check repeats
 * the expressions of its field (Spark does not share them across the branches of a coalesce), and the generated
 * code of usage staging grew past the size the JIT compiles: the stage then ran interpreted (caching the staged
 * usage of x1000 took twice as long).
 */
public final class RecordChecks {
    /** Bump when {@link JsonObjectParser} reads a line differently: the staged layer is then parsed again. */
    static final String PARSER_VERSION = "json-parser-1";
    private static final String TEXT_PREFIX = "_text_";

    /** Per output column: the typed value, as an expression over the trimmed text columns. */
    private final Map<String, Column> fields = new LinkedHashMap<>();
    /** The raw fields whose trimmed text is taken (once, even when several columns read it). */
    private final Set<String> textFields = new LinkedHashSet<>();
    private final List<Column> failures = new ArrayList<>();

    /** Required fields: absent, null or blank is {@code missing_key}. */
    public RecordChecks required(String... rawFields) {
        for (String field : rawFields) {
            Column text = text(field);
            failures.add(failure(text.isNull().or(text.equalTo("")), Rejects.MISSING_KEY,
                    lit("missing required field " + field)));
        }
        return this;
    }

    public RecordChecks field(String field, FieldType type) {
        return field(field, type, field);
    }

    /** A typed column from a raw field; a value that does not convert is {@code bad_type}. */
    public RecordChecks field(String column, FieldType type, String rawField) {
        Column text = text(rawField);
        fields.put(column, when(text.equalTo(""), lit(null)).otherwise(type.convert(text)));
        if (type != FieldType.STRING) {
            failures.add(failure(text.notEqual("").and(col(column).isNull()), Rejects.BAD_TYPE,
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
        Column value = col(column);
        failures.add(failure(value.isNull().or(value.isin(accepted.toArray()).unary_$bang()), Rejects.BAD_VALUE,
                concat(lit("field " + column + " is not one of " + String.join("|", accepted) + ": "),
                        coalesce(value, lit("null")))));
        return this;
    }

    /**
     * The (typed) value must lie in {@code [min, max]} (null passes: absence is a matter for {@link #required});
     * outside, including a non-finite number, it is {@code bad_value} naming the field and the range.
     */
    public RecordChecks range(String column, Object min, Object max) {
        Column value = col(column);
        failures.add(failure(value.lt(lit(min)).or(value.gt(lit(max))), Rejects.BAD_VALUE,
                concat(lit("field " + column + " is outside " + min + " .. " + max + ": "), value.cast("string"))));
        return this;
    }

    /** A date or timestamp field must fall on a day in {@code [earliest, latest]}. */
    public RecordChecks dayRange(String column, java.time.LocalDate earliest, java.time.LocalDate latest) {
        Column day = to_date(col(column));
        failures.add(failure(day.lt(lit(java.sql.Date.valueOf(earliest))).or(day.gt(lit(java.sql.Date.valueOf(latest)))),
                Rejects.BAD_VALUE, concat(lit("field " + column + " is outside " + earliest + " .. " + latest + ": "),
                        col(column).cast("string"))));
        return this;
    }

    /**
     * A custom {@code bad_value} rule over the typed values (by column name); {@code detail} must be non-null
     * when it fails.
     */
    public RecordChecks badValue(Function<Map<String, Column>, Column> failing, Function<Map<String, Column>, Column> detail) {
        Map<String, Column> typed = new LinkedHashMap<>();
        fields.keySet().forEach(name -> typed.put(name, col(name)));
        failures.add(failure(failing.apply(typed), Rejects.BAD_VALUE, detail.apply(typed)));
        return this;
    }

    /**
     * Raw lines to the tagged frame: raw_record, the typed fields, the reject tag, then the lines' other columns
     * (where each came from) as they are.
     */
    public Dataset<Row> apply(Dataset<Row> lines, StructType stringSchema) {
        Dataset<Row> parsed = RawJson.parsed(lines, stringSchema);
        List<String> carried = RawJson.carried(lines).stream().map(StructField::name).toList();
        for (List<Column> projection : projections(carried)) {
            parsed = parsed.select(projection.toArray(Column[]::new));
        }
        return parsed;
    }

    /**
     * The version of these rules over that schema, for the staged layer: records tagged under another version are
     * parsed again. It hashes every expression of {@link #apply} as Spark prints it, so a changed check, accepted
     * list or range (from code or configuration) changes it; {@link #PARSER_VERSION} covers the JSON parser.
     */
    public String version(StructType stringSchema) {
        StringBuilder text = new StringBuilder(PARSER_VERSION).append('\n').append(stringSchema.json());
        projections(List.of()).forEach(projection -> projection.forEach(c -> text.append('\n').append(c)));
        return Digests.sha256Hex(text.toString()).substring(0, 16);
    }

    /** The three projections of {@link #apply}: trimmed texts, typed values, checks; each keeps the carried columns. */
    private List<List<Column>> projections(List<String> carried) {
        List<Column> withTexts = new ArrayList<>(List.of(col(Columns.RAW_RECORD), col(RawJson.PARSED)));
        carried.forEach(name -> withTexts.add(col(name)));
        textFields.forEach(field -> withTexts.add(trim(RawJson.raw(field)).as(TEXT_PREFIX + field)));
        List<Column> typed = new ArrayList<>(List.of(col("*")));
        fields.forEach((name, value) -> typed.add(value.as(name)));
        List<Column> checks = new ArrayList<>();
        checks.add(failure(RawJson.malformed(), Rejects.MALFORMED_JSON, lit("not a well-formed JSON object")));
        checks.addAll(failures);
        List<Column> tagged = new ArrayList<>(List.of(col(Columns.RAW_RECORD)));
        fields.keySet().forEach(name -> tagged.add(col(name)));
        tagged.add(coalesce(checks.toArray(Column[]::new)).as(Rejects.REJECT));
        carried.forEach(name -> tagged.add(col(name)));
        return List.of(withTexts, typed, tagged);
    }

    /** The trimmed text of a raw field, as a column of the first projection. */
    private Column text(String rawField) {
        textFields.add(rawField);
        return col(TEXT_PREFIX + rawField);
    }

    private static Column failure(Column failing, String reasonCode, Column detail) {
        return when(failing, struct(lit(reasonCode).as(Columns.REASON_CODE), detail.as(Columns.DETAIL)));
    }
}
