package com.vantagepoint.api.cli;

import com.vantagepoint.scoring.cli.BuildInfo;
import com.vantagepoint.scoring.cli.CliErrors;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.ScopeType;

import java.util.logging.Level;
import java.util.logging.Logger;

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

    /**
     * snowflake-jdbc (and the AWS SDK inside it) log to java.util.logging: several lines per refused connection and
     * per cloud-platform probe, on stderr beside the command's one-line error. Its failures reach the command as
     * exceptions, so its own logging is off. Held here: java.util.logging keeps only weak references to loggers.
     */
    private static final Logger SNOWFLAKE_DRIVER_LOG = Logger.getLogger("net.snowflake");

    public static void main(String[] args) {
        SNOWFLAKE_DRIVER_LOG.setLevel(Level.OFF);
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return CliErrors.configure(new CommandLine(new ApiCli())).execute(args);
    }
}
