package com.vantagepoint.pipeline.source;

import com.vantagepoint.pipeline.staging.AccountsStaging;
import com.vantagepoint.pipeline.staging.OpportunitiesStaging;
import com.vantagepoint.pipeline.warehouse.ConnectorOptions;
import com.vantagepoint.pipeline.warehouse.LoadMethod;
import com.vantagepoint.scoring.snowflake.SnowflakeConnection;
import org.apache.spark.sql.Column;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.functions;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

import static org.apache.spark.sql.functions.struct;
import static org.apache.spark.sql.functions.to_json;

/**
 * CRM accounts and opportunities from Snowflake tables, usage logs and transcripts from the files under the input.
 * Each row becomes a raw record, the JSON object of its columns as text (every column {@code CAST} to VARCHAR, so
 * the staging's all-string schema holds), and goes through the same staging rules and rejects as a file line. Rows
 * are read through the Spark Snowflake connector on a cluster and through Spark's JDBC source with snowflake-jdbc
 * where the connector cannot run (a local master, fakesnow): {@link LoadMethod}.
 */
public final class SnowflakeCrmSource implements RawSource {
    private static final String JDBC_DRIVER = "net.snowflake.client.jdbc.SnowflakeDriver";
    private static final Map<SourceName, List<String>> FIELDS = Map.of(
            SourceName.ACCOUNTS, AccountsStaging.FIELDS, SourceName.OPPORTUNITIES, OpportunitiesStaging.FIELDS);

    private final RawSource files;
    private final SnowflakeConnection connection;
    private final LoadMethod method;
    private final Map<SourceName, CrmTable> tables;

    /**
     * @param files         where usage logs and transcripts are read
     * @param connection    the Snowflake account
     * @param method        connector, copy (JDBC reads) or auto
     * @param accounts      the accounts table
     * @param opportunities the opportunities table
     */
    public SnowflakeCrmSource(RawSource files, SnowflakeConnection connection, LoadMethod method, CrmTable accounts,
                              CrmTable opportunities) {
        this.files = files;
        this.connection = connection;
        this.method = method;
        this.tables = Map.of(SourceName.ACCOUNTS, accounts, SourceName.OPPORTUNITIES, opportunities);
    }

    @Override
    public Dataset<Row> lines(SparkSession spark, SourceName source) {
        CrmTable table = tables.get(source);
        if (table == null) {
            return files.lines(spark, source);
        }
        List<String> fields = FIELDS.get(source);
        Dataset<Row> rows = read(spark, select(table, columns(table, fields), fields)).toDF(fields.toArray(String[]::new));
        return rows.select(to_json(struct(fields.stream().map(functions::col).toArray(Column[]::new))).as(RAW_RECORD));
    }

    /** No files for the CRM tables: they are read whole on every run. */
    @Override
    public Listing list(SparkSession spark, SourceName source) {
        return tables.containsKey(source) ? Listing.NOT_FILES : files.list(spark, source);
    }

    @Override
    public Dataset<Row> lines(SparkSession spark, List<RawFile> files) {
        return this.files.lines(spark, files);
    }

    @Override
    public Optional<String> origin(SourceName source) {
        return Optional.ofNullable(tables.get(source)).map(CrmTable::origin);
    }

    @Override
    public String uri() {
        return files.uri() + " (CRM: " + tables.get(SourceName.ACCOUNTS).origin() + ", "
                + tables.get(SourceName.OPPORTUNITIES).origin() + ")";
    }

    /** Each staging field with the table's column of that name (in any case); a table or column missing fails. */
    private Map<String, String> columns(CrmTable table, List<String> fields) {
        Map<String, String> actual = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        try (Connection c = connection.open(); Statement s = c.createStatement();
             ResultSet rs = s.executeQuery("SELECT * FROM " + table.sql() + " LIMIT 0")) {
            ResultSetMetaData md = rs.getMetaData();
            for (int i = 1; i <= md.getColumnCount(); i++) {
                actual.put(md.getColumnLabel(i), md.getColumnLabel(i));
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot read CRM table " + table.origin() + ": " + oneLine(e));
        }
        List<String> missing = fields.stream().filter(f -> !actual.containsKey(f)).toList();
        if (!missing.isEmpty()) {
            throw new IllegalStateException("CRM table " + table.origin() + " has no column "
                    + String.join(", ", missing.stream().map(m -> m.toUpperCase(Locale.ROOT)).toList()));
        }
        Map<String, String> columns = new LinkedHashMap<>();
        fields.forEach(f -> columns.put(f, actual.get(f)));
        return columns;
    }

    private static String select(CrmTable table, Map<String, String> columns, List<String> fields) {
        StringBuilder sql = new StringBuilder("SELECT ");
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            sql.append(i == 0 ? "" : ", ").append("CAST(").append(CrmTable.quote(columns.get(f))).append(" AS VARCHAR) AS ")
                    .append(CrmTable.quote(f));
        }
        return sql.append(" FROM ").append(table.sql()).toString();
    }

    private Dataset<Row> read(SparkSession spark, String query) {
        ConnectorOptions.redactInPlans(spark);
        if (method.resolve(spark) == LoadMethod.CONNECTOR) {
            return spark.read().format(ConnectorOptions.FORMAT).options(ConnectorOptions.of(connection).forQuery(query)).load();
        }
        Map<String, String> options = new LinkedHashMap<>();
        connection.properties().stringPropertyNames().forEach(k -> options.put(k, connection.properties().getProperty(k)));
        options.put("url", connection.url());
        options.put("driver", JDBC_DRIVER);
        options.put("query", query);
        return spark.read().format("jdbc").options(options).load();
    }

    private static String oneLine(SQLException e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        return m.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
