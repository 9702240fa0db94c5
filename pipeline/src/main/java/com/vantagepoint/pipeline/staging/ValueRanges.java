package com.vantagepoint.pipeline.staging;

import com.typesafe.config.Config;
import com.typesafe.config.ConfigException;

import java.io.Serializable;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The accepted range of every numeric and date field ({@code quality.ranges}); a typed value outside it is
 * {@code bad_value} with the field and the range in the detail. Besides catching nonsense (a session of 10^308
 * seconds, revenue of 10^20), the date range keeps values Parquet cannot store (before 1582) out of the marts.
 *
 * @param earliestDate       the earliest date or timestamp day of any field
 * @param latestDate         the latest date or timestamp day of any field
 * @param maxSessionSeconds  the longest session duration (non-finite numbers are beyond it)
 * @param maxAmount          the largest revenue or opportunity amount, in GBP
 */
public record ValueRanges(LocalDate earliestDate, LocalDate latestDate, double maxSessionSeconds, BigDecimal maxAmount)
        implements Serializable {

    /** @param ranges the {@code vantagepoint.quality.ranges} block */
    public static ValueRanges fromConfig(Config ranges) {
        LocalDate earliest = date(ranges, "earliest-date");
        LocalDate latest = date(ranges, "latest-date");
        if (!earliest.isBefore(latest)) {
            throw new ConfigException.BadValue("quality.ranges.latest-date", "must be after earliest-date");
        }
        double maxSession = ranges.getDouble("max-session-seconds");
        if (!(maxSession > 0) || Double.isInfinite(maxSession)) {
            throw new ConfigException.BadValue("quality.ranges.max-session-seconds", "must be a positive number");
        }
        BigDecimal maxAmount = new BigDecimal(ranges.getString("max-amount"));
        if (maxAmount.signum() <= 0) {
            throw new ConfigException.BadValue("quality.ranges.max-amount", "must be positive");
        }
        return new ValueRanges(earliest, latest, maxSession, maxAmount);
    }

    private static LocalDate date(Config c, String key) {
        try {
            return LocalDate.parse(c.getString(key));
        } catch (DateTimeParseException e) {
            throw new ConfigException.BadValue("quality.ranges." + key, "must be a date YYYY-MM-DD");
        }
    }
}
