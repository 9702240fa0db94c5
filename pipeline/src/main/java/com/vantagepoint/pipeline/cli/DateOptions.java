package com.vantagepoint.pipeline.cli;

import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/** Date flags ({@code --from}, {@code --to}): a value that is not YYYY-MM-DD is a usage error naming the flag. */
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
}
