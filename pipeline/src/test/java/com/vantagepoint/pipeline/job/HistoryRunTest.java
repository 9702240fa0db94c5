package com.vantagepoint.pipeline.job;

import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.pipeline.warehouse.MartPublisher;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.sql.Date;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** {@code --history-weeks N} scores N + 1 weekly dates in the same job, each with its own window. */
class HistoryRunTest {

    @Test
    void historyWeeksProduceNPlusOneDatesEachWithItsOwnWindow() {
        LocalDate asOf = LocalDate.parse("2026-11-25");
        JobFixtures.Run run = JobFixtures.run("golden", asOf, 2, Map.of());
        Set<LocalDate> dates = Set.of(LocalDate.parse("2026-11-11"), LocalDate.parse("2026-11-18"), asOf);
        assertEquals(dates, run.publisher().scoredDates);
        assertEquals(List.copyOf(new java.util.TreeSet<>(dates)), run.result().scoredDates());
        List<Row> rows = run.publisher().rows(Tables.ACCOUNT_HEALTH_HISTORY);
        Map<Date, Long> perDate = rows.stream().collect(Collectors.groupingBy(r -> r.getAs("as_of_date"),
                TreeMap::new, Collectors.counting()));
        assertEquals(Map.of(Date.valueOf("2026-11-11"), 3L, Date.valueOf("2026-11-18"), 3L, Date.valueOf(asOf), 3L), perDate);

        Map<String, Row> acc1 = rows.stream().filter(r -> "ACC-0001".equals(r.getAs("account_id")))
                .collect(Collectors.toMap(r -> r.getAs("as_of_date").toString(), r -> r));
        // As of 11-11: no session yet (S1 is on 11-20); only T1 (-0.4, support ticket).
        Map<String, Object> nov11 = new HashMap<>();
        nov11.put("total_sessions", 0L);
        nov11.put("days_since_last_active", null);
        nov11.put("avg_sentiment", -0.4);
        nov11.put("total_interactions", 1L);
        nov11.put("top_complaint_category", "performance");
        nov11.put("tenure_days", 1045);
        // 0 + 0 + 10 + 0 + 7.5 + 10 = 27.5
        nov11.put("health_score", 27.5);
        nov11.put("risk_tier", "critical");
        JobFixtures.assertColumns(nov11, acc1.get("2026-11-11"));
        // As of 11-18: still no session; T1, T2 (0.8), T3 (0.0): avg 0.133.
        Map<String, Object> nov18 = new HashMap<>();
        nov18.put("total_sessions", 0L);
        nov18.put("avg_sentiment", 0.133);
        nov18.put("total_interactions", 3L);
        nov18.put("health_score", 34.2);                      // 10 + 14.1625 + 10 = 34.1625
        JobFixtures.assertColumns(nov18, acc1.get("2026-11-18"));
        assertEquals(56.0, (double) acc1.get("2026-11-25").getAs("health_score"));
    }
}
