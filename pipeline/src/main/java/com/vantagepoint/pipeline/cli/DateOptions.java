package com.vantagepoint.pipeline.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Date flags ({@code --from}, {@code --to}): a value that is not YYYY-MM-DD, or a range backwards, is a usage error. */
final class DateOptions {
    private DateOptions() {
    }

    static LocalDate parse(CommandSpec spec, String flag, String value) {
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw new ParameterException(spec.commandLine(), flag + " must be a date YYYY-MM-DD, got " + value);
        }
    }

    /** {@code from} not after {@code to}, else a usage error quoting both as given. */
    static void requireOrdered(CommandSpec spec, LocalDate from, LocalDate to) {
        if (from.isAfter(to)) {
            throw new ParameterException(spec.commandLine(), "--from " + from + " is after --to " + to);
        }
    }
}
