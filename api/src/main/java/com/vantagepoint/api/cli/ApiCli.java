package com.vantagepoint.api.cli;

import com.vantagepoint.scoring.cli.BuildInfo;
import com.vantagepoint.scoring.cli.CliErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

/** Entry point of the API runtime: serve the dashboard, manage local users, issue tokens. */
@Command(name = "vantagepoint", mixinStandardHelpOptions = true, versionProvider = BuildInfo.class,
        scope = ScopeType.INHERIT,
        description = "VantagePoint API: serve the dashboard and manage local users.",
        subcommands = {
                ServeCommand.class,
                UserCommand.class,
                TokenCommand.class,
                DemoServeCommand.class,
        })
public final class ApiCli {

    public static void main(String[] args) {
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return CliErrors.configure(new CommandLine(new ApiCli())).execute(args);
    }
}
