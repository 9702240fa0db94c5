package com.vantagepoint.pipeline.job;

import com.typesafe.config.Config;
import com.vantagepoint.pipeline.alerts.AlertSettings;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.pipeline.staging.AsOf;
import com.vantagepoint.pipeline.staging.StagedLayer;
import com.vantagepoint.pipeline.staging.ValueRanges;
import com.vantagepoint.scoring.health.HealthModel;

import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import static com.vantagepoint.scoring.config.Settings.atLeast;
import static com.vantagepoint.scoring.config.Settings.invalid;
import static com.vantagepoint.scoring.config.Settings.nonBlank;
import static com.vantagepoint.scoring.config.Settings.nonEmpty;
import static com.vantagepoint.scoring.config.Settings.share;

/**
 * The pipeline's configuration, read and validated once. An invalid value is a {@link com.vantagepoint.scoring.config.Settings.InvalidSetting} naming the
 * key and where the value was set.
 *
 * @param dates  the as-of dates the run scores, oldest first, ending with {@code asOf}: the weekly history of
 *               {@code run.history-weeks}, or a backfill's range ({@link #withDates})
 * @param config the resolved {@code vantagepoint} tree, for the components configured from a {@link Config} of
 *               their own (transcript analyzers, insight generators)
 */
public record PipelineSettings(
        Path home,
        String input,
        Path warehouse,
        LocalDate asOf,
        int historyWeeks,
        List<LocalDate> dates,
        String sparkMaster,
        int shufflePartitions,
        boolean adaptiveExecution,
        int keepRuns,
        double maxRejectShare,
        VolumeGuard volumeGuard,
        Accepted accepted,
        ValueRanges ranges,
        List<String> features,
        Provider provider,
        boolean reenrich,
        String promptVersion,
        HealthModel healthModel,
        AlertSettings alerts,
        Incremental incremental,
        Config config) {

    /**
     * Incremental runs ({@code staged-layer.*}, {@code run.full-refresh}, {@code run.skip-unchanged}).
     *
     * @param location the staged layer's folder; blank for {@code <input>/_staged}
     */
    public record Incremental(boolean enabled, String location, boolean fullRefresh, boolean skipUnchanged) {
    }

    /** The staged layer the run reads and updates, unless {@code staged-layer.enabled} is off. */
    public Optional<StagedLayer> stagedLayer() {
        if (!incremental.enabled()) {
            return Optional.empty();
        }
        String location = incremental.location().isBlank()
                ? (input.endsWith("/") ? input : input + "/") + "_staged" : incremental.location();
        return Optional.of(new StagedLayer(location, incremental.fullRefresh()));
    }

    /** The accepted values of the categorical columns ({@code quality.accepted}). */
    public record Accepted(List<String> accountTiers, List<String> opportunityStages, List<String> interactionTypes) {
    }

    /** @param c the resolved {@code vantagepoint} tree ({@link VantageConfig#load}) */
    public static PipelineSettings from(Config c) {
        LocalDate asOf = asOf(c, "run.as-of");
        int historyWeeks = atLeast(c, "run.history-weeks", 0);
        return new PipelineSettings(
                Path.of(nonBlank(c, "home")),
                nonBlank(c, "input"),
                Path.of(nonBlank(c, "warehouse")),
                asOf,
                historyWeeks,
                AsOf.dates(asOf, historyWeeks),
                nonBlank(c, "run.spark-master"),
                atLeast(c, "run.shuffle-partitions", 1),
                c.getBoolean("run.adaptive-execution"),
                atLeast(c, "run.keep-runs", 0),
                share(c, "quality.max-reject-share"),
                new VolumeGuard(atLeast(c, "quality.max-volume-change", 0.0), c.getBoolean("quality.accept-volume-change")),
                new Accepted(nonEmpty(c, "quality.accepted.account-tier"),
                        nonEmpty(c, "quality.accepted.opportunity-stage"),
                        nonEmpty(c, "quality.accepted.interaction-type")),
                ValueRanges.fromConfig(c.getConfig("quality.ranges")),
                nonEmpty(c, "features"),
                provider(c, "enrichment.provider"),
                c.getBoolean("enrichment.reenrich"),
                nonBlank(c, "enrichment.bedrock.prompt-version"),
                HealthModel.fromConfig(c.getConfig("scoring")),
                AlertSettings.from(c),
                new Incremental(c.getBoolean("staged-layer.enabled"), c.getString("staged-layer.location").trim(),
                        c.getBoolean("run.full-refresh"), c.getBoolean("run.skip-unchanged")),
                c);
    }

    /** The same settings reading the raw layer at {@code uri}. */
    public PipelineSettings withInput(String uri) {
        return new PipelineSettings(home, uri, warehouse, asOf, historyWeeks, dates, sparkMaster, shufflePartitions,
                adaptiveExecution, keepRuns, maxRejectShare, volumeGuard, accepted, ranges, features, provider, reenrich,
                promptVersion, healthModel, alerts, incremental, config);
    }

    /** The same settings scoring {@code backfill} (oldest first) instead: its last date becomes the as-of date. */
    public PipelineSettings withDates(List<LocalDate> backfill) {
        if (backfill.isEmpty()) {
            throw new IllegalArgumentException("a backfill scores at least one date");
        }
        return new PipelineSettings(home, input, warehouse, backfill.get(backfill.size() - 1), 0, List.copyOf(backfill),
                sparkMaster, shufflePartitions, adaptiveExecution, keepRuns, maxRejectShare, volumeGuard, accepted, ranges,
                features, provider, reenrich, promptVersion, healthModel, alerts, incremental, config);
    }

    /** "today" is the current UTC date: as-of days are UTC days. */
    private static LocalDate asOf(Config c, String key) {
        String value = c.getString(key);
        if (value.equalsIgnoreCase("today")) {
            return LocalDate.now(ZoneOffset.UTC);
        }
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(c, key, "must be a date YYYY-MM-DD or 'today', got " + value);
        }
    }

    private static Provider provider(Config c, String key) {
        try {
            return Provider.parse(c.getString(key));
        } catch (IllegalArgumentException e) {
            throw invalid(c, key, e.getMessage());
        }
    }
}
