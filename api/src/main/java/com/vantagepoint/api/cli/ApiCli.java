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

    /** A system property snowflake-jdbc reads once, when it creates its first logger. */
    private static final String SNOWFLAKE_LOGGER = "net.snowflake.jdbc.loggerImpl";

    public static void main(String[] args) {
        // snowflake-jdbc logs to java.util.logging by default, several lines per refused connection (on stderr, beside
        // the command's one-line error); through SLF4J it follows simplelogger.properties.
        if (System.getProperty(SNOWFLAKE_LOGGER) == null) {
            System.setProperty(SNOWFLAKE_LOGGER, "net.snowflake.client.log.SLF4JLogger");
        }
        System.exit(execute(args));
    }

    public static int execute(String... args) {
        return CliErrors.configure(new CommandLine(new ApiCli())).execute(args);
    }
}
