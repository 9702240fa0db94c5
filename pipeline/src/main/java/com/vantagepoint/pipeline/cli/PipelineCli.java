package com.vantagepoint.pipeline.cli;

import com.vantagepoint.scoring.cli.BuildInfo;
import com.vantagepoint.scoring.cli.CliErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;

/** Entry point of the pipeline runtime; the same main class runs under spark-submit on a cluster. */
@Command(name = "vantagepoint", mixinStandardHelpOptions = true, versionProvider = BuildInfo.class,
        scope = ScopeType.INHERIT,
        description = "VantagePoint pipeline: generate data, run the Spark job, backtest the score, analyze texts, query the warehouse.",
        subcommands = {
                GenerateCommand.class,
                AnalyzeCommand.class,
                SqlCommand.class,
                RunCommand.class,
                BackfillCommand.class,
                BacktestCommand.class,
                DemoCommand.class,
        })
public final class PipelineCli {

    @Option(names = CliErrors.DEBUG_OPTION, scope = ScopeType.INHERIT,
            description = "On failure, print the stack trace after the one-line error.")
    boolean debug;

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    /** Runs a command and returns its exit code; failures print one line on stderr. */
    public static int execute(String... args) {
        return CliErrors.configure(new CommandLine(new PipelineCli())).execute(args);
    }
}
