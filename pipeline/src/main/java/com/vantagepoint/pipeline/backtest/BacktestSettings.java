package com.vantagepoint.pipeline.backtest;

import com.typesafe.config.Config;

import java.time.LocalDate;
import java.util.Optional;

import static com.vantagepoint.scoring.config.Settings.atLeast;
import static com.vantagepoint.scoring.config.Settings.openShare;
import static com.vantagepoint.scoring.config.Settings.share;

/**
 * The {@code vantagepoint.backtest} settings, read and validated once.
 *
 * @param horizonDays     an account is a churner at an as-of date when it churns within this many days after it
 * @param from            earliest as-of date to label (none: the history's first)
 * @param to              latest as-of date to label (none: the latest whose horizon has passed)
 * @param minAccounts     a figure resting on fewer distinct accounts is "too few to judge"
 * @param minChurnEvents  a figure resting on fewer churned accounts is "too few to judge"
 * @param holdoutShare    share of the labelled dates (the latest) held out to validate the weight suggestion
 */
public record BacktestSettings(
        int horizonDays,
        Optional<LocalDate> from,
        Optional<LocalDate> to,
        int bootstrapSamples,
        long bootstrapSeed,
        double confidenceLevel,
        long minAccounts,
        long minChurnEvents,
        int calibrationBins,
        double holdoutShare,
        double regularization,
        double elasticNetMix,
        int maxIterations) {

    /** The key of the horizon, which {@code --horizon-days} sets. */
    public static final String HORIZON_DAYS = "backtest.horizon-days";

    /** @param c the resolved {@code vantagepoint} tree */
    public static BacktestSettings from(Config c, Optional<LocalDate> from, Optional<LocalDate> to) {
        return new BacktestSettings(
                atLeast(c, HORIZON_DAYS, 1),
                from, to,
                atLeast(c, "backtest.bootstrap-samples", 1),
                c.getLong("backtest.bootstrap-seed"),
                openShare(c, "backtest.confidence-level"),
                atLeast(c, "backtest.min-accounts", 0),
                atLeast(c, "backtest.min-churn-events", 0),
                atLeast(c, "backtest.calibration-bins", 1),
                openShare(c, "backtest.suggest.holdout-share"),
                atLeast(c, "backtest.suggest.regularization", 0.0),
                share(c, "backtest.suggest.elastic-net-mix"),
                atLeast(c, "backtest.suggest.max-iterations", 1));
    }

    /** The same settings with another horizon (tests). */
    public BacktestSettings withHorizonDays(int days) {
        return new BacktestSettings(days, from, to, bootstrapSamples, bootstrapSeed, confidenceLevel, minAccounts,
                minChurnEvents, calibrationBins, holdoutShare, regularization, elasticNetMix, maxIterations);
    }
}
