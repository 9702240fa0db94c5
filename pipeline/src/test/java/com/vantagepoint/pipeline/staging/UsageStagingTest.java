package com.vantagepoint.pipeline.staging;

import com.vantagepoint.pipeline.SharedSpark;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.Test;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class UsageStagingTest {
    private static final StructType LINES = new StructType().add("raw_record", DataTypes.StringType);

    private static Dataset<Row> lines(String... json) {
        return SharedSpark.spark().createDataFrame(java.util.Arrays.stream(json).map(RowFactory::create).toList(), LINES);
    }

    private static Dataset<Row> accounts(String... ids) {
        return SharedSpark.spark().createDataFrame(java.util.Arrays.stream(ids).map(RowFactory::create).toList(),
                new StructType().add("account_id", DataTypes.StringType));
    }

    private static String session(String id, String timestamp) {
        return "{\"session_id\":\"" + id + "\",\"account_id\":\"A\",\"session_duration_seconds\":\"12.5\",\"timestamp\":\""
                + timestamp + "\",\"unknown_field\":{\"nested\":true}}";
    }

    @Test
    void readsIsoTimestampsWithZOffsetsOrNoneAsUtc() {
        List<Row> tagged = new UsageStaging(StagingFixtures.RANGES).tag(lines(
                session("z", "2026-11-24T23:30:00Z"),
                session("colon", "2026-11-25T01:30:00+02:00"),
                session("basic", "2026-11-25T01:30:00+0200"),
                session("none", "2026-11-24T23:30:00"),
                session("fraction", "2026-11-24T23:30:00.000Z")), accounts("A")).collectAsList();
        Map<String, Row> byId = tagged.stream().collect(Collectors.toMap(r -> r.getAs("session_id"), r -> r));
        Timestamp expected = Timestamp.from(Instant.parse("2026-11-24T23:30:00Z"));
        for (String id : List.of("z", "colon", "basic", "none", "fraction")) {
            assertNull(byId.get(id).getAs(Rejects.REJECT), id);
            assertEquals(expected, byId.get(id).getAs("timestamp"), id);
            assertEquals(12.5, (double) byId.get(id).getAs("session_duration_seconds"), id);
        }
    }

    @Test
    void wrongTypesAreRejectedNotNulled() {
        Row r = new UsageStaging(StagingFixtures.RANGES).tag(lines(
                "{\"session_id\":\"s\",\"account_id\":\"A\",\"session_duration_seconds\":\"long\",\"timestamp\":\"2026-11-24T23:30:00Z\"}"),
                accounts("A")).first();
        assertEquals("bad_type", ((Row) r.getAs(Rejects.REJECT)).getAs("reason_code"));
        assertEquals("field session_duration_seconds is not a number: long",
                ((Row) r.getAs(Rejects.REJECT)).getAs("detail"));
    }
}
