package com.vantagepoint.pipeline.cli;

import com.vantagepoint.pipeline.generate.DataGenerator;
import com.vantagepoint.pipeline.generate.GeneratorOptions;
import com.vantagepoint.pipeline.job.PipelineJob;
import com.vantagepoint.pipeline.job.PipelineSettings;
import com.vantagepoint.scoring.config.VantageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;

/**
 * {@code demo}: seed-scale synthetic data into {@code $VANTAGEPOINT_HOME/demo-data}, a run with 12 weeks of
 * history into the configured (default) warehouse, and the tier summary. Serving the dashboard is the API
 * runtime's part ({@code demo-serve}); the launcher starts it afterwards unless {@code --no-serve}.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Generate seed-scale data, run with 12 weeks of history into the default warehouse, print the tier summary.")
public final class DemoCommand implements Callable<Integer> {
    static final int DEMO_HISTORY_WEEKS = 12;

    @Spec
    CommandSpec spec;

    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON file overriding the defaults.")
    Path conf;

    @Option(names = "--no-serve", description = "Accepted for the launcher, which serves the dashboard after the run.")
    boolean noServe;

    @Override
    public Integer call() {
        PipelineSettings settings = PipelineSettings.from(VantageConfig.load(conf,
                Map.of("run.as-of", "today", "run.history-weeks", DEMO_HISTORY_WEEKS)));
        Path data = settings.home().resolve("demo-data");
        LocalDate asOf = settings.asOf();
        PrintStream out = new PrintStream(System.out, true);
        out.print(DataGenerator.generate(GeneratorOptions.defaults(data, asOf, settings.features())).render());
        PipelineJob.Result result = RunCommand.run(settings.withInput(data.toString()), out);
        long total = result.tierCounts().values().stream().mapToLong(Long::longValue).sum();
        out.printf("demo: %d accounts as of %s in %s — %s%n", total, asOf, settings.warehouse(),
                result.tierCounts().entrySet().stream().map(e -> e.getKey() + " " + e.getValue())
                        .collect(Collectors.joining(", ")));
        return 0;
    }
}
