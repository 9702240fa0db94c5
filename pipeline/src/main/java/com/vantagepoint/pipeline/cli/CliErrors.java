package com.vantagepoint.pipeline.cli;

import com.typesafe.config.ConfigException;
import picocli.CommandLine;

/** One-line reasons on stderr and a non-zero exit for bad arguments and failures. */
final class CliErrors {
    static final int EXIT_FAILURE = 1;
    static final int EXIT_USAGE = 2;

    private CliErrors() {
    }

    static CommandLine configure(CommandLine commandLine) {
        return commandLine
                .setParameterExceptionHandler((ex, args) -> {
                    ex.getCommandLine().getErr().println("error: " + ex.getMessage());
                    return EXIT_USAGE;
                })
                .setExecutionExceptionHandler((ex, cmd, parseResult) -> {
                    cmd.getErr().println("error: " + reason(ex));
                    return EXIT_FAILURE;
                });
    }

    static String reason(Throwable ex) {
        if (ex instanceof ConfigException) {
            return "configuration: " + ex.getMessage();
        }
        String message = ex.getMessage();
        return (message == null || message.isBlank() ? ex.getClass().getSimpleName() : message).lines().findFirst().orElse("");
    }
}
