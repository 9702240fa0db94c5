package com.vantagepoint.pipeline.source;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A CRM table in Snowflake, from {@code vantagepoint.crm.accounts-table} / {@code opportunities-table}: {@code NAME}
 * in the configured database and schema, {@code SCHEMA.NAME} in the configured database, or
 * {@code DATABASE.SCHEMA.NAME}. The parts are unquoted identifiers, so they mean their upper-case form, as in
 * Snowflake.
 */
public record CrmTable(String database, String schema, String name) {
    private static final Pattern IDENTIFIER = Pattern.compile("[A-Za-z_][A-Za-z0-9_$]*");

    /**
     * @param key      the configuration key, for the message
     * @param value    the configured name
     * @param database the database a name without one is in
     * @param schema   the schema a name without one is in
     */
    public static CrmTable parse(String key, String value, String database, String schema) {
        List<String> parts = List.of(value.trim().split("\\.", -1));
        if (parts.size() > 3 || !parts.stream().allMatch(p -> IDENTIFIER.matcher(p).matches())) {
            throw new IllegalArgumentException(key + " must be NAME, SCHEMA.NAME or DATABASE.SCHEMA.NAME of unquoted "
                    + "identifiers, got " + value);
        }
        List<String> upper = parts.stream().map(p -> p.toUpperCase(Locale.ROOT)).toList();
        return switch (upper.size()) {
            case 1 -> new CrmTable(database.toUpperCase(Locale.ROOT), schema.toUpperCase(Locale.ROOT), upper.get(0));
            case 2 -> new CrmTable(database.toUpperCase(Locale.ROOT), upper.get(0), upper.get(1));
            default -> new CrmTable(upper.get(0), upper.get(1), upper.get(2));
        };
    }

    /** The quoted, fully qualified name for SQL. */
    public String sql() {
        return quote(database) + "." + quote(schema) + "." + quote(name);
    }

    /** How the table is named in messages and rejects: {@code snowflake:DB.SCHEMA.NAME}. */
    public String origin() {
        return "snowflake:" + database + "." + schema + "." + name;
    }

    static String quote(String identifier) {
        return "\"" + identifier.replace("\"", "\"\"") + "\"";
    }
}
