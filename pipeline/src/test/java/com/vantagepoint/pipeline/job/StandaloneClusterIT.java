package com.vantagepoint.pipeline.job;

import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.pipeline.cli.PipelineCli;
import com.vantagepoint.pipeline.enrich.ConfiguredAnalyzers;
import com.vantagepoint.pipeline.source.HadoopPathSource;
import com.vantagepoint.pipeline.storage.S3ProxyServer;
import com.vantagepoint.scoring.catalog.Columns;
import com.vantagepoint.scoring.catalog.Tables;
import com.vantagepoint.scoring.testing.FakesnowServer;
import com.vantagepoint.scoring.testing.LoopbackProcesses;
import org.apache.hadoop.conf.Configuration;
import org.apache.hadoop.fs.FileSystem;
import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The cluster jar on a real Spark standalone cluster: a master and two workers, each a JVM of its own started from
 * the jars a cluster provides (the runtime classpath less what the cluster jar holds itself), and the job submitted
 * with {@code SparkSubmit --master spark://…} as on EMR. Its raw data and its {@code --conf} are read from S3
 * (S3Proxy, over s3a) and its marts published to Snowflake (fakesnow's server). They must equal what a local run
 * publishes from the same files, and the event log must show tasks on both executors.
 */
class StandaloneClusterIT {
    private static final String BUCKET = "vp-cluster";
    private static final String AS_OF = "2026-11-25";
    private static final String MAIN = "com.vantagepoint.pipeline.cli.PipelineCli";
    private static final Pattern NOT_ON_A_CLUSTER = Pattern.compile("vantagepoint-|snowflake-jdbc-|spark-snowflake_|duckdb_jdbc-");
    private static final List<String> JVM_OPENS = ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
            .filter(a -> a.startsWith("--add-opens") || a.startsWith("--add-exports")).toList();

    /** Kept after the test (logs of the master, workers, executors and driver), cleared before it. */
    private static final Path work = Path.of("target", "cluster-it").toAbsolutePath();

    private final List<Process> processes = new ArrayList<>();

    @Test
    void theClusterJarRunsOnTwoExecutorsAndPublishesWhatALocalRunPublishes() throws Exception {
        deleteRecursively(work);
        Files.createDirectories(work);
        Path jar = clusterJar();
        Path sparkHome = sparkHome();
        Path raw = work.resolve("raw");
        assertEquals(0, PipelineCli.execute("generate", "--out", raw.toString(), "--accounts", "40", "--seed", "11",
                "--as-of", AS_OF));
        try (S3ProxyServer s3 = S3ProxyServer.start(BUCKET);
             FakesnowServer snowflake = FakesnowServer.start("VPCLUSTER", "MARTS")) {
            upload(s3, raw, "raw");
            Path conf = Files.writeString(work.resolve("cluster.conf"), """
                    # The login comes from SNOWFLAKE_* and the S3 keys from AWS_*, as on a cluster (never in the file).
                    vantagepoint {
                      warehouse = snowflake
                      snowflake { load-method = copy, comments = false, max-http-retries = 1 }
                    }
                    """);
            upload(s3, conf, "conf/cluster.conf");

            int masterPort = LoopbackProcesses.freePort();
            int masterUi = LoopbackProcesses.freePort();
            start(sparkHome, "master", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", String.valueOf(masterPort), "--webui-port", String.valueOf(masterUi));
            for (int i = 1; i <= 2; i++) {
                start(sparkHome, "worker-" + i, "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", "1", "--memory", "1536m", "--webui-port", "0",
                        "--work-dir", Files.createDirectories(work.resolve("worker-" + i)).toString(),
                        "spark://127.0.0.1:" + masterPort);
            }
            awaitWorkers(masterUi, 2);

            Path events = Files.createDirectories(work.resolve("events"));
            Map<String, String> env = new java.util.HashMap<>(snowflake.environment());
            env.putAll(Map.of("AWS_ENDPOINT_URL_S3", s3.endpoint(), "AWS_REGION", "us-east-1",
                    "AWS_ACCESS_KEY_ID", S3ProxyServer.ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", S3ProxyServer.SECRET_KEY));
            List<String> submit = new ArrayList<>(List.of("org.apache.spark.deploy.SparkSubmit",
                    "--master", "spark://127.0.0.1:" + masterPort, "--deploy-mode", "client", "--class", MAIN,
                    "--conf", "spark.executor.extraJavaOptions=" + String.join(" ", JVM_OPENS),
                    "--conf", "spark.executor.memory=1g", "--conf", "spark.cores.max=2",
                    "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                    "--conf", "spark.eventLog.enabled=true", "--conf", "spark.eventLog.dir=" + events.toUri(),
                    jar.toString(), "run", "--conf", "s3a://" + BUCKET + "/conf/cluster.conf",
                    "--input", "s3a://" + BUCKET + "/raw", "--as-of", AS_OF, "--history-weeks", "1"));
            Process driver = start(sparkHome, "driver", env, submit);
            assertTrue(driver.waitFor(12, TimeUnit.MINUTES), "the cluster run did not finish within 12 minutes");
            String driverLog = Files.readString(work.resolve("driver.log"));
            assertEquals(0, driver.exitValue(), "spark-submit failed:\n" + tail(driverLog));
            assertTrue(driverLog.contains("published"), tail(driverLog));

            Set<String> executors = executorsWithTasks(events);
            assertTrue(executors.size() >= 2, "tasks ran on executors " + executors);
            assertEquals(localRun(raw), published(snowflake));
        } finally {
            processes.forEach(Process::destroyForcibly);
        }
    }

    /** The history mart of the same files run locally in this JVM, with the same analyzer. */
    private static List<String> localRun(Path raw) {
        InMemoryPublisher publisher = new InMemoryPublisher();
        PipelineSettings settings = PipelineSettings.from(JobFixtures.config(Map.of("run.as-of", AS_OF,
                "run.history-weeks", 1)));
        new PipelineJob(SharedSpark.spark(), settings, new HadoopPathSource(raw.toString()), publisher,
                new ConfiguredAnalyzers(settings.config()), new PrintStream(OutputStream.nullOutputStream()),
                Clock.systemUTC(), 0).run();
        return publisher.rows(Tables.ACCOUNT_HEALTH_HISTORY).stream()
                .map(r -> line(r.getAs(Columns.ACCOUNT_ID), String.valueOf(r.<Object>getAs(Columns.AS_OF_DATE)),
                        ((Number) r.getAs(Columns.HEALTH_SCORE)).doubleValue(), r.getAs(Columns.RISK_TIER)))
                .sorted().toList();
    }

    private static List<String> published(FakesnowServer snowflake) throws Exception {
        List<String> rows = new ArrayList<>();
        try (Connection c = snowflake.connect(); Statement st = c.createStatement();
             ResultSet rs = st.executeQuery("SELECT account_id, CAST(as_of_date AS VARCHAR), health_score, risk_tier FROM "
                     + Tables.ACCOUNT_HEALTH_HISTORY)) {
            while (rs.next()) {
                rows.add(line(rs.getString(1), rs.getString(2), rs.getDouble(3), rs.getString(4)));
            }
        }
        assertFalse(rows.isEmpty(), "the cluster run published no history");
        return rows.stream().sorted().toList();
    }

    private static String line(String account, String date, double score, String tier) {
        return account + " " + date + " " + String.format("%.2f", score) + " " + tier;
    }

    /** The jar `mvn package` attached with the {@code cluster} classifier. */
    private static Path clusterJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().endsWith("-cluster.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("no target/*-cluster.jar: run after mvn package"))
                    .toAbsolutePath();
        }
    }

    /**
     * A Spark home as a cluster has one: {@code jars/} holds the runtime classpath's jars except the project's own and what no
     * cluster has and the cluster jar brings (the Snowflake driver and connector) or leaves out (DuckDB). Libraries the cluster jar
     * carries relocated (AWS SDK v2, Config, picocli) stay, as a cluster's own copies would. Workers start executors
     * from {@code jars/}, which Spark's launcher finds beside a RELEASE file.
     */
    private static Path sparkHome() throws IOException {
        Path home = work.resolve("spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        Files.writeString(home.resolve("RELEASE"), "Spark 3.5 (links to the project's classpath)\n");
        for (String entry : Files.readString(Path.of("target", "classpath.txt")).strip().split(java.io.File.pathSeparator)) {
            Path path = Path.of(entry);
            String name = path.getFileName().toString();
            if (name.endsWith(".jar") && !NOT_ON_A_CLUSTER.matcher(name).lookingAt()) {
                Path link = jars.resolve(name);
                if (!Files.exists(link)) {
                    Files.createSymbolicLink(link, path);
                }
            }
        }
        return home;
    }

    private static void upload(S3ProxyServer s3, Path local, String key) throws IOException {
        Configuration conf = new Configuration();
        S3ProxyServer.routeBucket(conf, BUCKET, s3.endpoint());
        org.apache.hadoop.fs.Path target = new org.apache.hadoop.fs.Path("s3a://" + BUCKET + "/" + key);
        try (FileSystem fs = FileSystem.newInstance(target.toUri(), conf)) {
            fs.copyFromLocalFile(new org.apache.hadoop.fs.Path(local.toUri()), target);
        }
    }

    private Process start(Path sparkHome, String name, String main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(main);
        command.addAll(List.of(args));
        return start(sparkHome, name, Map.of(), command);
    }

    /** A JVM on the Spark home's jars, with its own log, environment of the cluster's and {@code env}. */
    private Process start(Path sparkHome, String name, Map<String, String> env, List<String> mainAndArgs)
            throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.addAll(JVM_OPENS);
        cmd.addAll(List.of(name.equals("driver") ? "-Xmx2g" : "-Xmx512m", "-cp", sparkHome.resolve("jars") + "/*"));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(work.resolve(name + ".log").toFile());
        pb.environment().keySet().removeIf(k -> k.startsWith("SNOWFLAKE_") || k.startsWith("AWS_")
                || k.startsWith("VANTAGEPOINT_") || k.startsWith("SPARK_"));
        pb.environment().putAll(Map.of("SPARK_HOME", sparkHome.toString(), "SPARK_SCALA_VERSION", "2.12",
                "JAVA_HOME", System.getProperty("java.home"), "SPARK_LOCAL_IP", "127.0.0.1"));
        pb.environment().putAll(env);
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    /** Waits until the master's status page counts {@code n} alive workers. */
    private static void awaitWorkers(int masterUi, int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(3);
        Pattern alive = Pattern.compile("\"aliveworkers\"\\s*:\\s*(\\d+)");
        String last = "";
        while (System.nanoTime() < deadline) {
            try {
                HttpURLConnection c = (HttpURLConnection) URI.create("http://127.0.0.1:" + masterUi + "/json/").toURL()
                        .openConnection();
                last = new String(c.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
                Matcher m = alive.matcher(last);
                if (m.find() && Integer.parseInt(m.group(1)) >= n) {
                    return;
                }
            } catch (IOException notYet) {
                // the master is still starting
            }
            Thread.sleep(500);
        }
        throw new AssertionError("fewer than " + n + " workers registered: " + last + "\n"
                + tail(Files.readString(work.resolve("worker-1.log"))));
    }

    /** Executor ids that finished at least one task, from the application's event log. */
    private static Set<String> executorsWithTasks(Path events) throws IOException {
        Pattern executor = Pattern.compile("\"Executor ID\":\"([^\"]+)\"");
        Set<String> ids = new TreeSet<>();
        try (Stream<Path> logs = Files.list(events)) {
            for (Path log : logs.toList()) {
                for (String line : Files.readAllLines(log)) {
                    if (line.contains("\"Event\":\"SparkListenerTaskEnd\"")) {
                        Matcher m = executor.matcher(line);
                        if (m.find()) {
                            ids.add(m.group(1));
                        }
                    }
                }
            }
        }
        return ids;
    }

    private static void deleteRecursively(Path dir) throws IOException {
        if (Files.exists(dir)) {
            try (Stream<Path> all = Files.walk(dir)) {
                for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }

    private static String tail(String log) {
        List<String> lines = log.lines().toList();
        return String.join("\n", lines.subList(Math.max(0, lines.size() - 60), lines.size()));
    }
}
