package com.vantagepoint.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * The warehouse the API tests read, built once per test JVM.
 * <ul>
 *   <li>{@code pipeline}: when the pipeline module is built ({@code ../pipeline/target/classpath.txt}) and its CLI has
 *   the {@code run} command, a real warehouse: {@code PipelineCli generate --seed 7 --as-of 2026-11-01}, then
 *   {@code run --history-weeks 4} and {@code backtest --horizon-days 14} (so SCORE_BACKTEST exists), in a subprocess
 *   (Spark's classpath never meets Javalin's).</li>
 *   <li>{@code synthetic}: otherwise (e.g. {@code mvn -pl api -am}, which does not build the pipeline), a small
 *   warehouse written by SQL following the warehouse contract ({@link SyntheticWarehouse}); never under {@code CI=true}.</li>
 * </ul>
 * {@code -Dvantagepoint.test.warehouse=synthetic|pipeline} forces one; a failing pipeline run fails the tests.
 * The root build ({@code mvn -B verify}) builds the pipeline first, so it always tests over the real warehouse.
 */
public final class TestWarehouse {
    public static final String AS_OF = "2026-11-01";
    private static Path dir;
    private static String kind;

    private TestWarehouse() {
    }

    public static synchronized Path get() {
        if (dir == null) {
            try {
                Path root = Files.createTempDirectory("vp-test-wh");
                String wanted = System.getProperty("vantagepoint.test.warehouse", "auto");
                boolean pipeline = wanted.equals("pipeline") || (wanted.equals("auto") && pipelineAvailable());
                if (!pipeline && wanted.equals("auto") && "true".equalsIgnoreCase(System.getenv("CI"))) {
                    throw new IllegalStateException("CI=true: the API tests run over a real pipeline warehouse; build the "
                            + "pipeline module first (mvn -B verify from the root), or pass -Dvantagepoint.test.warehouse=synthetic");
                }
                if (!pipeline) {
                    System.out.println("[TestWarehouse] pipeline module not built (" + pipelineTarget()
                            + "); falling back to the SQL-built warehouse. Run `mvn -B verify` from the root for the real one.");
                }
                if (pipeline) {
                    runPipeline(root);
                    kind = "pipeline";
                } else {
                    SyntheticWarehouse.publish(root.resolve("wh"), 200, 4, AS_OF, 7);
                    kind = "synthetic";
                }
                dir = root.resolve("wh");
                System.out.println("[TestWarehouse] using a " + kind + " warehouse at " + dir);
            } catch (Exception e) {
                throw new IllegalStateException("cannot build the test warehouse: " + e.getMessage(), e);
            }
        }
        return dir;
    }

    /** "pipeline" or "synthetic". */
    public static synchronized String kind() {
        get();
        return kind;
    }

    private static Path pipelineTarget() {
        return Path.of("..", "pipeline", "target").toAbsolutePath().normalize();
    }

    static boolean pipelineAvailable() {
        Path target = pipelineTarget();
        return Files.isRegularFile(target.resolve("classpath.txt"))
                && Files.isRegularFile(target.resolve("classes/com/vantagepoint/pipeline/cli/RunCommand.class"));
    }

    private static void runPipeline(Path root) throws IOException, InterruptedException {
        String cp = pipelineClasspath();
        pipelineCli(root, cp, "generate", "--out", root.resolve("data").toString(), "--seed", "7", "--as-of", AS_OF);
        pipelineCli(root, cp, "run", "--input", root.resolve("data").toString(), "--warehouse", root.resolve("wh").toString(),
                "--as-of", AS_OF, "--history-weeks", "4");
        // four weeks of history: a horizon of two weeks leaves the first three dates to label
        pipelineCli(root, cp, "backtest", "--warehouse", root.resolve("wh").toString(), "--horizon-days", BACKTEST_HORIZON_DAYS);
    }

    /** The backtest horizon of the pipeline warehouse; the SQL-built one's backtest says the same. */
    static final String BACKTEST_HORIZON_DAYS = "14";

    /**
     * A small real warehouse scored under a configuration file of its own: {@code generate --accounts N}, then
     * {@code run --conf conf --history-weeks 1}, in a subprocess. Needs the built pipeline module.
     *
     * @return the warehouse directory, {@code root/wh}
     */
    public static Path pipelineWarehouse(Path root, Path conf, int accounts) throws IOException, InterruptedException {
        String cp = pipelineClasspath();
        pipelineCli(root, cp, "generate", "--out", root.resolve("data").toString(), "--seed", "11", "--as-of", AS_OF,
                "--accounts", Integer.toString(accounts), "--usage-logs", Integer.toString(accounts * 40),
                "--transcripts", Integer.toString(accounts * 4));
        pipelineCli(root, cp, "run", "--conf", conf.toString(), "--input", root.resolve("data").toString(),
                "--warehouse", root.resolve("wh").toString(), "--as-of", AS_OF, "--history-weeks", "1");
        return root.resolve("wh");
    }

    private static String pipelineClasspath() throws IOException {
        Path target = pipelineTarget();
        return target.resolve("classes") + java.io.File.pathSeparator
                + target.resolve("../../scoring/target/classes").normalize() + java.io.File.pathSeparator
                + Files.readString(target.resolve("classpath.txt"), StandardCharsets.UTF_8).trim();
    }

    /** The pipeline CLI in a subprocess with extra environment variables (an S3 endpoint, a Snowflake account). */
    static void pipelineCli(Path root, Map<String, String> env, String... args) throws IOException, InterruptedException {
        pipelineCli(root, pipelineClasspath(), env, args);
    }

    private static void pipelineCli(Path root, String cp, String... args) throws IOException, InterruptedException {
        pipelineCli(root, cp, Map.of(), args);
    }

    private static void pipelineCli(Path root, String cp, Map<String, String> env, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(List.of(JAVA17_OPENS.split(" ")));
        cmd.add("-Xmx2g");
        cmd.add("-cp");
        cmd.add(cp);
        cmd.add("com.vantagepoint.pipeline.cli.PipelineCli");
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(root, "pipeline-" + args[0] + "-", ".log");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().put("VANTAGEPOINT_HOME", root.resolve("home").toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.destroyForcibly();
            throw new IOException("pipeline " + args[0] + " timed out; log: " + log);
        }
        if (p.exitValue() != 0) {
            List<String> lines = Files.readAllLines(log);
            throw new IOException("pipeline " + args[0] + " exited " + p.exitValue() + ": "
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 20), lines.size())));
        }
    }

    /** The parent POM's java17.opens list (Spark on Java 17). */
    static final String JAVA17_OPENS = "--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.invoke=ALL-UNNAMED "
            + "--add-opens=java.base/java.lang.reflect=ALL-UNNAMED --add-opens=java.base/java.io=ALL-UNNAMED "
            + "--add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED "
            + "--add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED "
            + "--add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/sun.nio.ch=ALL-UNNAMED "
            + "--add-opens=java.base/sun.nio.cs=ALL-UNNAMED --add-opens=java.base/sun.security.action=ALL-UNNAMED "
            + "--add-opens=java.base/sun.util.calendar=ALL-UNNAMED --add-exports=java.base/sun.nio.ch=ALL-UNNAMED "
            + "-Djdk.reflect.useDirectMethodHandle=false";
}
