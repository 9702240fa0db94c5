package com.vantagepoint.pipeline.warehouse;

import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;

import java.time.LocalDate;
import java.util.Map;
import java.util.Set;

/**
 * Everything one run hands to a publisher.
 *
 * @param run         the PIPELINE_RUNS row (status {@code published} once publishing succeeds)
 * @param tables      table name (see {@link MartPublisher} constants) to this run's rows
 * @param scoredDates the as-of dates this run scored; publishing replaces exactly these dates of the history
 */
public record RunOutputs(RunRecord run, Map<String, Dataset<Row>> tables, Set<LocalDate> scoredDates) {
}
