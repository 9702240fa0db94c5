package com.vantagepoint.pipeline.job;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static com.vantagepoint.scoring.catalog.Columns.AMOUNT_GBP;
import static com.vantagepoint.scoring.catalog.Columns.ANNUAL_REVENUE;
import static com.vantagepoint.scoring.catalog.Columns.CLOSE_DATE;
import static com.vantagepoint.scoring.catalog.Columns.IS_CHURNED;
import static com.vantagepoint.scoring.catalog.Columns.SUBSCRIPTION_END_DATE;
import static com.vantagepoint.scoring.catalog.Columns.SUBSCRIPTION_START_DATE;

/** CRM records of JSON Lines files put into typed Snowflake tables, as a CRM export would land there. */
final class CrmTables {
    static final ObjectMapper JSON = new ObjectMapper().enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    /** The Snowflake types of the CRM columns; the rest are VARCHAR. */
    private static final Map<String, String> TYPES = Map.of(ANNUAL_REVENUE, "NUMBER(18,2)", SUBSCRIPTION_START_DATE, "DATE",
            SUBSCRIPTION_END_DATE, "DATE", IS_CHURNED, "BOOLEAN", AMOUNT_GBP, "NUMBER(18,2)", CLOSE_DATE, "DATE");

    private CrmTables() {
    }

    /** The JSON objects of every {@code .json} file in a folder, in file order. */
    static List<ObjectNode> records(Path folder) throws IOException {
        List<ObjectNode> rows = new ArrayList<>();
        try (Stream<Path> files = Files.list(folder)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank()) {
                        rows.add((ObjectNode) JSON.readTree(line));
                    }
                }
            }
        }
        return rows;
    }

    /** The typed table with the staging fields and an extra column a CRM export has, filled in one statement. */
    static void create(Connection c, String table, List<String> fields, List<ObjectNode> rows) throws SQLException {
        String columns = fields.stream().map(f -> f + " " + TYPES.getOrDefault(f, "VARCHAR")).collect(Collectors.joining(", "));
        execute(c, "CREATE TABLE " + table + " (" + columns + ", REGION VARCHAR)");
        String selects = rows.stream().map(r -> "SELECT " + fields.stream().map(f -> value(r.get(f), TYPES.getOrDefault(f, "VARCHAR")))
                .collect(Collectors.joining(", ")) + ", 'EMEA'").collect(Collectors.joining(" UNION ALL "));
        execute(c, "INSERT INTO " + table + " (" + String.join(", ", fields) + ", REGION) " + selects);
    }

    private static String value(JsonNode v, String type) {
        if (v == null || v.isNull()) {
            return "CAST(NULL AS " + type + ")";
        }
        return "CAST('" + v.asText().replace("'", "''") + "' AS " + type + ")";
    }

    static void execute(Connection c, String sql) throws SQLException {
        try (Statement s = c.createStatement()) {
            s.execute(sql);
        }
    }
}
