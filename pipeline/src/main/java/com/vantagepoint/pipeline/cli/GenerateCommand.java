package com.vantagepoint.pipeline.cli;

import com.vantagepoint.pipeline.generate.DataGenerator;
import com.vantagepoint.pipeline.generate.GenerationSummary;
import com.vantagepoint.pipeline.generate.GeneratorOptions;
import com.vantagepoint.pipeline.storage.HadoopUpload;
import com.vantagepoint.pipeline.storage.S3aSettings;
import com.vantagepoint.scoring.config.VantageConfig;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.stream.Stream;

/** {@code generate}: deterministic synthetic raw data in the input layout (crm/, usage_logs/, transcripts/). */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Write deterministic synthetic CRM, usage and transcript data (JSON Lines) with planted health signals.")
public final class GenerateCommand implements Callable<Integer> {

    /** The raw layout's source folders, the ones a new generation replaces. */
    private static final List<String> SOURCE_FOLDERS = List.of("crm/accounts", "crm/opportunities", "usage_logs", "transcripts");

    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "URI",
            description = "Output root: a local path, a file: URI or s3a://bucket/prefix.")
    String out;

    @Option(names = "--conf", paramLabel = "FILE", description = "HOCON file overriding the defaults (vantagepoint.s3).")
    Path conf;

    @Option(names = "--accounts", paramLabel = "N", description = "Accounts (default 200).")
    Integer accounts;

    @Option(names = "--usage-logs", paramLabel = "N", description = "Usage sessions (default 7500).")
    Long usageLogs;

    @Option(names = "--transcripts", paramLabel = "N", description = "Interaction transcripts (default 650).")
    Long transcripts;

    @Option(names = "--scale", paramLabel = "F", description = "Multiplies the default accounts, sessions and transcripts.")
    Double scale;

    @Option(names = "--seed", paramLabel = "N", defaultValue = "42", description = "Random seed (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--as-of", paramLabel = "DATE", description = "Date the signals are planted for (YYYY-MM-DD; default today, UTC).")
    String asOf;

    @Option(names = "--bad-share", paramLabel = "F", defaultValue = "0.01",
            description = "Share of bad records per source, on top of the valid ones (default ${DEFAULT-VALUE}).")
    double badShare;

    @Option(names = "--gzip", description = "Write .json.gz files.")
    boolean gzip;

    @Override
    public Integer call() throws IOException {
        String summary = isRemote(out) ? generateAndUpload() : DataGenerator.generate(options(localPath(out))).render();
        spec.commandLine().getOut().print(summary);
        spec.commandLine().getOut().flush();
        return 0;
    }

    /**
     * Generates into a local staging folder, then uploads it: the generator writes many part files in parallel
     * through java.nio, and one copy through the Hadoop FileSystem keeps object-store writes in one place.
     */
    private String generateAndUpload() throws IOException {
        if (!out.startsWith("s3a://")) {
            throw usage("--out must be a local path, a file: URI or s3a://bucket/prefix; got '" + out + "'");
        }
        Path staging = Files.createTempDirectory("vantagepoint-generate");
        try {
            GeneratorOptions options = options(staging);
            HadoopUpload upload = HadoopUpload.to(out, S3aSettings.hadoopConfiguration(VantageConfig.load(conf, Map.of())));
            GenerationSummary summary = DataGenerator.generate(options);
            upload.replaceFolders(staging, SOURCE_FOLDERS);
            return summary.render(upload.target().toString());
        } finally {
            deleteRecursively(staging);
        }
    }

    private static void deleteRecursively(Path dir) throws IOException {
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static boolean isRemote(String uri) {
        return uri.matches("^[a-zA-Z][a-zA-Z0-9+.-]+://.*") && !uri.startsWith("file:");
    }

    GeneratorOptions options(Path root) {
        int nAccounts = GeneratorOptions.DEFAULT_ACCOUNTS;
        long nUsage = GeneratorOptions.DEFAULT_USAGE_LOGS;
        long nTranscripts = GeneratorOptions.DEFAULT_TRANSCRIPTS;
        if (scale != null) {
            if (accounts != null || usageLogs != null || transcripts != null) {
                throw usage("--scale cannot be combined with --accounts, --usage-logs or --transcripts");
            }
            if (!(scale > 0) || scale > 100_000) {
                throw usage("--scale must be a positive number up to 100000, got " + scale);
            }
            nAccounts = (int) Math.max(1, Math.round(nAccounts * scale));
            nUsage = Math.round(nUsage * scale);
            nTranscripts = Math.round(nTranscripts * scale);
        } else {
            nAccounts = accounts != null ? accounts : nAccounts;
            nUsage = usageLogs != null ? usageLogs : nUsage;
            nTranscripts = transcripts != null ? transcripts : nTranscripts;
        }
        LocalDate date;
        try {
            date = asOf == null || asOf.equals("today") ? LocalDate.now(ZoneOffset.UTC) : LocalDate.parse(asOf);
        } catch (DateTimeParseException e) {
            throw usage("--as-of must be a date YYYY-MM-DD, got '" + asOf + "'");
        }
        List<String> features = VantageConfig.defaults().getStringList("features");
        try {
            return new GeneratorOptions(root, nAccounts, nUsage, nTranscripts, seed, date, badShare, gzip,
                    features, GeneratorOptions.DEFAULT_MAX_ROWS_PER_PART);
        } catch (IllegalArgumentException e) {
            throw usage(e.getMessage());
        }
    }

    private Path localPath(String uri) {
        if (uri.isBlank()) {
            throw usage("--out must not be empty");
        }
        if (uri.startsWith("file:")) {
            return Path.of(URI.create(uri));
        }
        return Path.of(uri);
    }

    private ParameterException usage(String message) {
        return new ParameterException(spec.commandLine(), message);
    }
}
