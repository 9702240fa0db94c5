package com.vantagepoint.pipeline.job;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.typesafe.config.ConfigValueFactory;
import com.vantagepoint.pipeline.CliOutcome;
import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.generate.DataGenerator;
import com.vantagepoint.pipeline.generate.GeneratorOptions;
import com.vantagepoint.pipeline.source.HadoopPathSource;
import com.vantagepoint.pipeline.source.RawSource;
import com.vantagepoint.pipeline.source.RawSources;
import com.vantagepoint.pipeline.source.SourceName;
import com.vantagepoint.pipeline.staging.AccountsStaging;
import com.vantagepoint.pipeline.staging.OpportunitiesStaging;
import com.vantagepoint.scoring.testing.FakesnowServer;
import com.vantagepoint.pipeline.warehouse.DuckDbWarehouse;
import com.vantagepoint.scoring.health.HealthModel;
import org.apache.spark.sql.Dataset;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.config.VantageConfig;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static com.vantagepoint.scoring.catalog.Columns.ACCOUNT_ID;
import static com.vantagepoint.scoring.catalog.Columns.AMOUNT_GBP;
import static com.vantagepoint.scoring.catalog.Columns.ANNUAL_REVENUE;
import static com.vantagepoint.scoring.catalog.Columns.CLOSE_DATE;
import static com.vantagepoint.scoring.catalog.Columns.IS_CHURNED;
import static com.vantagepoint.scoring.catalog.Columns.OPPORTUNITY_ID;
import static com.vantagepoint.scoring.catalog.Columns.STAGE;
import static com.vantagepoint.scoring.catalog.Columns.SUBSCRIPTION_END_DATE;
import static com.vantagepoint.scoring.catalog.Columns.SUBSCRIPTION_START_DATE;
import static com.vantagepoint.scoring.catalog.Columns.TIER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * CRM read from Snowflake tables (fakesnow's server, through Spark's JDBC source: the load method resolves to copy on
 * the local master) gives the same marts as the same records read from files, and its bad rows are rejected by the
 * same rules, with the table named. The tables are typed as a CRM export would be, with one extra column.
 */
class SnowflakeCrmSourceTest {
    private static final LocalDate AS_OF = LocalDate.parse("2026-11-25");
    private static final String DATABASE = "VP";
    private static final String CRM = "CRM";
    private static final ObjectMapper JSON = CrmTables.JSON;

    private static FakesnowServer server;
    @TempDir
    static Path input;

    @BeforeAll
    static void crmInFilesAndInSnowflake() throws Exception {
        server = FakesnowServer.start(DATABASE, "MARTS");
        DataGenerator.generate(new GeneratorOptions(input, 80, 1_500, 150, 7, AS_OF, 0, false,
                VantageConfig.defaults().getStringList("features"), 500_000));
        List<ObjectNode> accounts = withBadRows(records("crm/accounts"), badAccounts());
        List<ObjectNode> opportunities = withBadRows(records("crm/opportunities"), badOpportunities());
        writeLines(input.resolve("crm/accounts/bad.json"), badAccounts());
        writeLines(input.resolve("crm/opportunities/bad.json"), badOpportunities());
        try (Connection c = server.connect()) {
            CrmTables.execute(c, "CREATE SCHEMA IF NOT EXISTS " + DATABASE + "." + CRM);
            CrmTables.create(c, CRM + ".ACCOUNTS", AccountsStaging.FIELDS, accounts);
            CrmTables.create(c, CRM + ".OPPORTUNITIES", OpportunitiesStaging.FIELDS, opportunities);
            CrmTables.execute(c, "CREATE TABLE " + CRM + ".ACCOUNTS_WITHOUT_TIER AS SELECT " + AccountsStaging.FIELDS.stream()
                    .filter(f -> !f.equals(TIER)).collect(Collectors.joining(", ")) + " FROM " + CRM + ".ACCOUNTS");
        }
    }

    @AfterAll
    static void stop() {
        if (server != null) {
            server.close();
        }
    }

    @Test
    void snowflakeCrmGivesTheMartsAndRejectsOfTheSameRecordsInFiles() {
        InMemoryPublisher fromFiles = new InMemoryPublisher();
        PipelineJob.Result files = JobFixtures.run(new HadoopPathSource(input.toString()), AS_OF, 0, Map.of(), fromFiles);
        InMemoryPublisher fromSnowflake = new InMemoryPublisher();
        Map<String, Object> settings = snowflakeCrm("CRM.ACCOUNTS", "vp.crm.opportunities");
        PipelineJob.Result snowflake = JobFixtures.run(source(settings), AS_OF, 0, settings, fromSnowflake);

        assertEquals(files.counts(), snowflake.counts(), "read, staged and rejected per source and reason");
        assertEquals(84, snowflake.counts().get(SourceName.ACCOUNTS).read());
        for (String table : List.of(Tables.ACCOUNT_HEALTH_HISTORY, Tables.ACCOUNT_INSIGHTS, Tables.INTERACTION_TRANSCRIPTS_ENRICHED)) {
            assertEquals(rowsWithoutRunId(fromFiles, table), rowsWithoutRunId(fromSnowflake, table), table);
        }
        String accounts = " (from snowflake:VP.CRM.ACCOUNTS)";
        String opportunities = " (from snowflake:VP.CRM.OPPORTUNITIES)";
        List<String> rejects = rejects(fromSnowflake);
        assertEquals(rejects(fromFiles).stream().map(r -> r.startsWith("accounts") ? r + accounts
                : r.startsWith("opportunities") ? r + opportunities : r).sorted().toList(), rejects);
        assertTrue(rejects.containsAll(List.of(
                "accounts | missing_key | missing required field account_id" + accounts,
                "accounts | bad_value | field tier is not one of standard|enterprise: platinum" + accounts,
                "opportunities | unknown_account | account_id not found among staged records: ACC-NOT-IN-CRM" + opportunities)),
                String.join("\n", rejects));
        assertEquals(6, rejects.stream().filter(r -> r.endsWith(accounts) || r.endsWith(opportunities)).count());
    }

    @Test
    void aMissingTableStopsTheCommandWithOneLineNamingIt(@TempDir Path dir) throws IOException {
        Path conf = dir.resolve("crm.conf");
        Files.write(conf, snowflakeCrm("CRM.NO_SUCH_TABLE", "CRM.OPPORTUNITIES").entrySet().stream()
                .map(e -> "vantagepoint." + e.getKey() + " = " + ConfigValueFactory.fromAnyRef(e.getValue()).render())
                .toList(), StandardCharsets.UTF_8);
        Path warehouse = dir.resolve("warehouse");
        CliOutcome run = CliOutcome.execute("run", "--conf", conf.toString(), "--input", input.toString(),
                "--warehouse", warehouse.toString(), "--as-of", AS_OF.toString());

        assertEquals(1, run.exit(), run.err());
        assertTrue(run.err().startsWith("error: cannot read CRM table snowflake:VP.CRM.NO_SUCH_TABLE: "), run.err());
        assertEquals(1, run.err().strip().lines().count(), run.err());
        DuckDbWarehouse duck = new DuckDbWarehouse(warehouse, 1, HealthModel.fromConfig(VantageConfig.defaults().getConfig("scoring")));
        assertEquals(0L, duck.readPublished(SharedSpark.spark(), Tables.ACCOUNT_HEALTH_SCORE).map(Dataset::count).orElse(0L),
                "nothing published");
    }

    @Test
    void aMissingColumnFailsTheRunNamingIt() {
        InMemoryPublisher publisher = new InMemoryPublisher();
        Map<String, Object> settings = snowflakeCrm("CRM.ACCOUNTS_WITHOUT_TIER", "CRM.OPPORTUNITIES");
        RunFailedException e = assertThrows(RunFailedException.class,
                () -> JobFixtures.run(source(settings), AS_OF, 0, settings, publisher));
        assertEquals("CRM table snowflake:VP.CRM.ACCOUNTS_WITHOUT_TIER has no column TIER", e.getMessage());
        assertNull(publisher.publishedRun, "nothing published");
    }

    private static Map<String, Object> snowflakeCrm(String accounts, String opportunities) {
        Map<String, Object> s = new HashMap<>(server.settings());
        s.remove("warehouse");
        s.put("crm.source", "snowflake");
        s.put("crm.accounts-table", accounts);
        s.put("crm.opportunities-table", opportunities);
        return s;
    }

    private static RawSource source(Map<String, Object> settings) {
        return RawSources.open(input.toString(), JobFixtures.config(settings));
    }

    /** Planted rejects of several reasons, as CRM rows that a typed table can hold. */
    private static List<ObjectNode> badAccounts() {
        return List.of(
                account(null, "standard", "1000.00", "2025-01-01"),
                account("ACC-BAD-TIER", "platinum", "1000.00", "2025-01-01"),
                account("ACC-NEGATIVE", "standard", "-5.00", "2025-01-01"),
                // an older copy of a generated account: superseded, a duplicate
                account("ACC-0001", "standard", "1.00", "1990-01-01"));
    }

    private static List<ObjectNode> badOpportunities() {
        return List.of(opportunity("OPP-ORPHAN", "ACC-NOT-IN-CRM", "prospecting"),
                opportunity("OPP-BAD-STAGE", "ACC-0001", "won"));
    }

    private static ObjectNode account(String id, String tier, String revenue, String start) {
        ObjectNode a = JSON.createObjectNode();
        a.put(ACCOUNT_ID, id).put(Columns.INDUSTRY, "Retail").put(ANNUAL_REVENUE, new java.math.BigDecimal(revenue))
                .put(SUBSCRIPTION_START_DATE, start).putNull(SUBSCRIPTION_END_DATE).put(IS_CHURNED, false)
                .put(TIER, tier).put(Columns.ACCOUNT_OWNER_ID, "OWN-9");
        return a;
    }

    private static ObjectNode opportunity(String id, String account, String stage) {
        ObjectNode o = JSON.createObjectNode();
        o.put(OPPORTUNITY_ID, id).put(ACCOUNT_ID, account).put(Columns.PRODUCT_CODE, "PRO").put(STAGE, stage)
                .put(AMOUNT_GBP, new java.math.BigDecimal("10.00")).put(CLOSE_DATE, "2026-01-01").put(Columns.LEAD_SOURCE, "web");
        return o;
    }

    private static List<ObjectNode> records(String folder) throws IOException {
        return CrmTables.records(input.resolve(folder));
    }

    private static List<ObjectNode> withBadRows(List<ObjectNode> rows, List<ObjectNode> bad) {
        List<ObjectNode> all = new ArrayList<>(rows);
        all.addAll(bad);
        return all;
    }

    private static void writeLines(Path file, List<ObjectNode> rows) throws IOException {
        Files.write(file, rows.stream().map(ObjectNode::toString).toList(), StandardCharsets.UTF_8);
    }

    private static List<String> rowsWithoutRunId(InMemoryPublisher publisher, String table) {
        return publisher.tables.get(table).frame(SharedSpark.spark()).drop(Columns.RUN_ID).collectAsList().stream()
                .map(Row::toString).sorted().toList();
    }

    private static List<String> rejects(InMemoryPublisher publisher) {
        return publisher.rows(Tables.REJECTED_RECORDS).stream()
                .map(r -> r.getAs(Columns.SOURCE) + " | " + r.getAs(Columns.REASON_CODE) + " | " + r.getAs(Columns.DETAIL))
                .sorted().toList();
    }

}
