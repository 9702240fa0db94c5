package com.vantagepoint.pipeline.cli;

import com.vantagepoint.pipeline.job.PipelineSettings;
import com.vantagepoint.scoring.config.Settings.InvalidSetting;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** What {@code run} and {@code backfill} read, where they publish and how they enrich: their shared options. */
final class JobOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec spec;

    @Mixin
    WarehouseOptions target;

    @Option(names = "--input", paramLabel = "URI", description = "Raw-layer root: a local path or s3a://bucket/prefix.")
    String input;

    @Option(names = "--provider", paramLabel = "local|bedrock", description = "Transcript analysis provider.")
    String provider;

    @Option(names = "--reenrich", description = "Re-analyze every transcript even when a cached result exists.")
    boolean reenrich;

    @Option(names = "--accept-volume-change", description = "Publish even when a source's staged count changed by more "
            + "than quality.max-volume-change against the last earlier run.")
    boolean acceptVolumeChange;

    @Option(names = "--full-refresh", description = "Parse every raw file again and rewrite the staged layer, "
            + "instead of parsing only the files that are new or changed since the last run.")
    boolean fullRefresh;

    @Option(names = "--skip-unchanged", description = "Exit 0 without publishing when no raw file, staging rule, "
            + "scoring setting or date changed since the last published run for the same as-of date.")
    boolean skipUnchanged;

    /**
     * The settings from the defaults, {@code --conf} and the flags ({@code flagKeys}: config key to the flag that
     * set it). Flags win over every other source, so a bad value under a flag's key came from the flag: a usage
     * error (exit 2) rather than a configuration one.
     */
    PipelineSettings settings(Map<String, Object> commandOverrides, Map<String, String> flagKeys) {
        Map<String, Object> overrides = new LinkedHashMap<>(commandOverrides);
        overrides.put("input", input);
        overrides.put("enrichment.provider", provider);
        if (reenrich) {
            overrides.put("enrichment.reenrich", true);
        }
        if (acceptVolumeChange) {
            overrides.put("quality.accept-volume-change", true);
        }
        if (fullRefresh) {
            overrides.put("run.full-refresh", true);
        }
        if (skipUnchanged) {
            overrides.put("run.skip-unchanged", true);
        }
        Map<String, String> flags = new LinkedHashMap<>(flagKeys);
        flags.put("enrichment.provider", "--provider");
        try {
            PipelineSettings settings = PipelineSettings.from(target.load(overrides));
            requireLocalInput(settings.input());
            return settings;
        } catch (InvalidSetting e) {
            if (flags.containsKey(e.key()) && overrides.get(e.key()) != null) {
                throw new ParameterException(spec.commandLine(), flags.get(e.key()) + " " + e.problem());
            }
            throw e;
        }
    }

    /**
     * A local input that does not exist is reported before Spark starts (which takes seconds and would only say
     * that no accounts were found); remote inputs (s3a://) are checked by the first read.
     */
    private void requireLocalInput(String uri) {
        if (uri.matches("[A-Za-z][A-Za-z0-9+.-]*://.*") && !uri.startsWith("file:")) {
            return;
        }
        Path path = uri.startsWith("file:") ? Path.of(URI.create(uri)) : Path.of(uri);
        if (!Files.isDirectory(path)) {
            String problem = "input " + uri + " is not a directory (expected crm/, usage_logs/ and transcripts/ below it)";
            if (input != null) {
                throw new ParameterException(spec.commandLine(), "--" + problem);
            }
            throw new IllegalArgumentException(problem);
        }
    }
}
