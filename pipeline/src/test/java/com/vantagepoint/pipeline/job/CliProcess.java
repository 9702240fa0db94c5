package com.vantagepoint.pipeline.job;

import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline CLI in a JVM of its own, as a user runs it: an environment of its own (no SNOWFLAKE_*, AWS_* or
 * VANTAGEPOINT_* inherited from the test's), stdout and stderr kept apart.
 */
final class CliProcess {
    private CliProcess() {
    }

    /** What the command left: exit code, stdout, stderr. */
    record Result(int exitCode, String stdout, String stderr) {
        /** The last line on stderr: the one-line error of a failed command. */
        String lastErrorLine() {
            List<String> lines = stderr.lines().toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1);
        }
    }

    /**
     * @param work     where stdout and stderr are kept
     * @param env      the variables the command gets besides the machine's
     * @param jvmFlags extra JVM options (system properties)
     * @param args     the command line after the main class
     */
    static Result run(Path work, Map<String, String> env, List<String> jvmFlags, String... args) throws Exception {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports") || a.startsWith("-Djdk.reflect"))
                .forEach(cmd::add);
        cmd.addAll(jvmFlags);
        cmd.addAll(List.of("-Xmx1g", "-cp", System.getProperty("java.class.path"), "com.vantagepoint.pipeline.cli.PipelineCli"));
        cmd.addAll(List.of(args));
        Path out = Files.createTempFile(work, "stdout-", ".txt");
        Path err = Files.createTempFile(work, "stderr-", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(out.toFile()).redirectError(err.toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SNOWFLAKE_") || k.startsWith("AWS_") || k.startsWith("VANTAGEPOINT_"));
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(5, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new AssertionError("the pipeline CLI did not finish within 5 minutes: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8), Files.readString(err, StandardCharsets.UTF_8));
    }
}
