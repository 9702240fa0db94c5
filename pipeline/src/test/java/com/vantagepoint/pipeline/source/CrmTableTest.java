package com.vantagepoint.pipeline.source;

import com.vantagepoint.scoring.config.VantageConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** How a configured CRM table name resolves, and the choice of the CRM source. */
class CrmTableTest {
    private static final String KEY = "vantagepoint.crm.accounts-table";

    @Test
    void aNameResolvesInTheConfiguredDatabaseAndSchemaUnlessQualified() {
        assertEquals("snowflake:VANTAGEPOINT.MARTS.ACCOUNTS", CrmTable.parse(KEY, "accounts", "VANTAGEPOINT", "MARTS").origin());
        assertEquals("snowflake:VANTAGEPOINT.EXPORT.ACCOUNTS", CrmTable.parse(KEY, "Export.Accounts", "VANTAGEPOINT", "MARTS").origin());
        CrmTable qualified = CrmTable.parse(KEY, " crm.export.accounts_v2 ", "VANTAGEPOINT", "MARTS");
        assertEquals("snowflake:CRM.EXPORT.ACCOUNTS_V2", qualified.origin());
        assertEquals("\"CRM\".\"EXPORT\".\"ACCOUNTS_V2\"", qualified.sql());
    }

    @Test
    void anythingButUnquotedIdentifiersIsRefusedNamingTheKey() {
        for (String bad : new String[] {"", "a.b.c.d", "crm..accounts", "\"accounts\"", "accounts; DROP TABLE x", "1accounts"}) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CrmTable.parse(KEY, bad, "DB", "S"), bad);
            assertEquals(KEY + " must be NAME, SCHEMA.NAME or DATABASE.SCHEMA.NAME of unquoted identifiers, got " + bad, e.getMessage());
        }
    }

    @Test
    void filesAreTheDefaultSourceAndAnUnknownOneIsRefused() {
        assertInstanceOf(HadoopPathSource.class, RawSources.open("/data", VantageConfig.defaults()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> RawSources.open("/data", VantageConfig.load(null, Map.of("crm.source", "salesforce"))));
        assertEquals("vantagepoint.crm.source must be files or snowflake, got salesforce", e.getMessage());
    }
}
