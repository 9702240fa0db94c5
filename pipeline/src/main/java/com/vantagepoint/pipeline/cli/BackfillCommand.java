package com.vantagepoint.pipeline.cli;

import com.vantagepoint.pipeline.job.PipelineSettings;
import com.vantagepoint.pipeline.staging.AsOf;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.PrintStream;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code backfill}: score a range of as-of dates in one job (the input is read, staged and enriched once) and
 * publish them into ACCOUNT_HEALTH_HISTORY. The warehouse keeps ACCOUNT_HEALTH_SCORE at the greatest published
 * date, and a range older than it leaves the latest-state marts (transcripts, insights) as they are.
 */
@Command(name = "backfill", mixinStandardHelpOptions = true,
        description = "Score every date from --from to --to (every 1d, 1w, 3d, ...) in one job and publish them into "
                + "ACCOUNT_HEALTH_HISTORY; the current-score mart keeps the greatest published date.")
public final class BackfillCommand implements Callable<Integer> {
    private static final Pattern EVERY = Pattern.compile("([1-9][0-9]{0,3})([dw])");

    @Spec
    CommandSpec spec;

    @Mixin
    JobOptions job;

    @Option(names = "--from", required = true, paramLabel = "DATE", description = "First as-of date, YYYY-MM-DD.")
    String from;

    @Option(names = "--to", required = true, paramLabel = "DATE",
            description = "Last as-of date, YYYY-MM-DD (scored when the step lands on it).")
    String to;

    @Option(names = "--every", paramLabel = "STEP", defaultValue = "1w",
            description = "Days between scored dates: Nd or Nw (default ${DEFAULT-VALUE}).")
    String every;

    @Override
    public Integer call() {
        List<LocalDate> dates = dates();
        PipelineSettings settings = job.settings(Map.of(), Map.of()).withDates(dates);
        PrintStream out = new PrintStream(System.out, true);
        out.printf("[backfill] %d dates from %s to %s every %s%n", dates.size(), dates.get(0), settings.asOf(), every);
        RunCommand.run(settings, out);
        return 0;
    }

    private List<LocalDate> dates() {
        LocalDate first = DateOptions.parse(spec, "--from", from);
        LocalDate last = DateOptions.parse(spec, "--to", to);
        DateOptions.requireOrdered(spec, first, last);
        Matcher m = EVERY.matcher(every);
        if (!m.matches()) {
            throw new ParameterException(spec.commandLine(), "--every must be a number of days or weeks such as 1d or 1w, got " + every);
        }
        int days = Integer.parseInt(m.group(1)) * (m.group(2).equals("w") ? 7 : 1);
        return AsOf.range(first, last, days);
    }
}
