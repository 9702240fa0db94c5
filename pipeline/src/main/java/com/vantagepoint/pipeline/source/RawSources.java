package com.vantagepoint.pipeline.source;

import com.typesafe.config.Config;
import com.vantagepoint.pipeline.warehouse.LoadMethod;
import com.vantagepoint.scoring.snowflake.SnowflakeConnection;

/** The raw source a run reads: the input's files, with the CRM from Snowflake when {@code crm.source = snowflake}. */
public final class RawSources {
    static final String FILES = "files";
    static final String SNOWFLAKE = "snowflake";

    private RawSources() {
    }

    /**
     * @param input        the raw-layer root
     * @param vantagepoint the resolved configuration: {@code crm.*} and, for Snowflake, {@code snowflake.*}
     */
    public static RawSource open(String input, Config vantagepoint) {
        RawSource files = new HadoopPathSource(input);
        Config crm = vantagepoint.getConfig("crm");
        String source = crm.getString("source").trim();
        if (source.equals(FILES)) {
            return files;
        }
        if (!source.equals(SNOWFLAKE)) {
            throw new IllegalArgumentException("vantagepoint.crm.source must be files or snowflake, got " + source);
        }
        SnowflakeConnection connection = SnowflakeConnection.fromConfig(vantagepoint);
        return new SnowflakeCrmSource(files, connection,
                LoadMethod.parse(vantagepoint.getString("snowflake.load-method")),
                table(crm, "accounts-table", connection), table(crm, "opportunities-table", connection));
    }

    private static CrmTable table(Config crm, String key, SnowflakeConnection connection) {
        return CrmTable.parse("vantagepoint.crm." + key, crm.getString(key), connection.database(), connection.schema());
    }
}
