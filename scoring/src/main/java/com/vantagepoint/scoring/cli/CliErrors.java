package com.vantagepoint.scoring.cli;

import com.typesafe.config.ConfigException;
import picocli.CommandLine;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One-line reasons on stderr and a non-zero exit for bad arguments and failures, shared by the pipeline and
 * API command lines.
 */
public final class CliErrors {
    public static final int EXIT_FAILURE = 1;
    public static final int EXIT_USAGE = 2;
    /** The option a command line declares to get the stack trace after the one-line error. */
    public static final String DEBUG_OPTION = "--debug";

    private CliErrors() {
    }

    /**
     * A bad argument found while the command runs (a named file that is missing, a value picocli cannot check):
     * exit {@value #EXIT_USAGE} like the arguments picocli rejects itself.
     */
    public static final class UsageError extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public UsageError(String message) {
            super(message);
        }
    }

    public static CommandLine configure(CommandLine commandLine) {
        return commandLine
                .setParameterExceptionHandler((ex, args) -> {
                    ex.getCommandLine().getErr().println("error: " + ex.getMessage());
                    return EXIT_USAGE;
                })
                .setExecutionExceptionHandler((ex, cmd, parseResult) -> {
                    cmd.getErr().println("error: " + reason(ex));
                    if (debug(parseResult)) {
                        ex.printStackTrace(cmd.getErr());
                    }
                    // A bad configuration value is a bad argument given in a file: fix the input, not the system.
                    return ex instanceof UsageError || ex instanceof ConfigException ? EXIT_USAGE : EXIT_FAILURE;
                });
    }

    /**
     * "cannot read FILE: root cause" when a task failed reading an input file (a truncated or corrupt .gz, say):
     * Spark's own message buries the file in its first line's stage details and puts the cause lines below.
     */
    private static String unreadableFile(Throwable ex) {
        Matcher file = null;
        Throwable root = ex;
        for (Throwable t = ex; t != null; t = t.getCause()) {
            Matcher m = t.getMessage() == null ? null : READING_FILE.matcher(t.getMessage());
            if (file == null && m != null && m.find()) {
                file = m;
            }
            root = t;
        }
        if (file == null) {
            return null;
        }
        String cause = root.getMessage() == null ? root.getClass().getSimpleName()
                : root.getClass().getSimpleName() + ": " + root.getMessage().lines().findFirst().orElse("");
        return "cannot read " + file.group(1) + ": " + cause;
    }

    private static final Pattern READING_FILE = Pattern.compile("Encountered error while reading file (\\S+?)\\. Details");

    /** Whether the command line (a command or any of its subcommands) asked for stack traces with --debug. */
    private static boolean debug(CommandLine.ParseResult parseResult) {
        for (CommandLine.ParseResult p = parseResult; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption(DEBUG_OPTION)) {
                return true;
            }
        }
        return false;
    }

    public static String reason(Throwable ex) {
        if (ex instanceof ConfigException) {
            return "configuration: " + ex.getMessage();
        }
        String unreadable = unreadableFile(ex);
        if (unreadable != null) {
            return unreadable;
        }
        String message = ex.getMessage();
        return (message == null || message.isBlank() ? ex.getClass().getSimpleName() : message).lines().findFirst().orElse("");
    }
}
