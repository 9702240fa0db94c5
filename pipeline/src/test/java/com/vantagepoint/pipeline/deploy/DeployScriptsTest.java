package com.vantagepoint.pipeline.deploy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.vantagepoint.scoring.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.StreamSupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * scripts/submit-emr, submit-emr-serverless and deploy-glue run as subprocesses through the real AWS CLI against
 * moto's server on loopback; the test reads back what moto recorded (step, job run, Glue job, trigger, job runs).
 * moto 5.1.22 lacks Glue's UpdateJob and UpdateTrigger (it answers HTTP 500, "not implemented"): the server is
 * started through {@code deploy/moto_with_glue_updates.py}, which adds the two to moto as the Glue API defines them.
 */
class DeployScriptsTest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Path SCRIPTS = Path.of("..", "scripts").toAbsolutePath().normalize();
    private static final String MAIN = "com.vantagepoint.pipeline.cli.PipelineCli";
    private static final String JAR = "s3://vp-artifacts/vantagepoint/vantagepoint-pipeline-0.1.0-SNAPSHOT-cluster.jar";
    private static final String JAVA_HOME = "/usr/lib/jvm/java-17-amazon-corretto.x86_64";

    private static MotoServer moto;
    private static String awsCli;
    private static Path awsHome;
    private static String clusterId;
    private static String applicationId;
    private static String roleArn;

    record Result(int exit, String out, String err) {
        List<String> errLines() {
            return err.lines().toList();
        }
    }

    @BeforeAll
    static void startMotoAndCreateTheTargets() throws Exception {
        awsCli = MotoServer.awsCli();
        Path launcher = Path.of(DeployScriptsTest.class.getResource("/deploy/moto_with_glue_updates.py").toURI());
        moto = MotoServer.startWithLauncher(launcher);
        awsHome = Files.createTempDirectory("vp-aws-");
        // What RunJobFlow needs in moto; "create-cluster" is the CLI's name for RunJobFlow.
        clusterId = aws("emr", "create-cluster", "--name", "vp-nightly", "--release-label", "emr-7.5.0",
                "--applications", "Name=Spark", "--instance-type", "m5.xlarge", "--instance-count", "1",
                "--no-auto-terminate", "--service-role", "EMR_DefaultRole",
                "--ec2-attributes", "InstanceProfile=EMR_EC2_DefaultRole").get("ClusterId").asText();
        applicationId = aws("emr-serverless", "create-application", "--name", "vp", "--release-label", "emr-7.5.0",
                "--type", "SPARK").get("applicationId").asText();
        roleArn = aws("iam", "create-role", "--role-name", "vp-job", "--assume-role-policy-document",
                "{\"Version\":\"2012-10-17\",\"Statement\":[]}").at("/Role/Arn").asText();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    /** The driver's and executors' JVM options: the flags Spark needs on Java 17 as the root pom.xml lists them, and the JIT flag. */
    private static String java17Opens() throws Exception {
        Matcher m = Pattern.compile("<java17.opens>(.*)</java17.opens>").matcher(Files.readString(Path.of("..", "pom.xml")));
        assertTrue(m.find());
        return m.group(1) + " -XX:-DontCompileHugeMethods";
    }

    private static Map<String, String> awsEnvironment() {
        return Map.of("AWS_CLI", awsCli, "AWS_ENDPOINT_URL", moto.endpoint().toString(), "AWS_REGION", MotoServer.REGION,
                "AWS_ACCESS_KEY_ID", MotoServer.ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", MotoServer.SECRET_ACCESS_KEY,
                // No profile or config of the machine's own.
                "AWS_CONFIG_FILE", awsHome.resolve("config").toString(),
                "AWS_SHARED_CREDENTIALS_FILE", awsHome.resolve("credentials").toString());
    }

    private static Result exec(List<String> command) throws Exception {
        return exec(command, awsEnvironment());
    }

    private static Result exec(List<String> command, Map<String, String> environment) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
        pb.environment().putAll(environment);
        File out = File.createTempFile("vp-deploy-", ".out");
        File err = File.createTempFile("vp-deploy-", ".err");
        Process p = pb.redirectOutput(out).redirectError(err).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(command + " did not finish within 120 s");
        }
        Result r = new Result(p.exitValue(), Files.readString(out.toPath()), Files.readString(err.toPath()));
        out.delete();
        err.delete();
        return r;
    }

    private static Result script(String name, String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of("bash", SCRIPTS.resolve(name).toString()));
        command.addAll(Arrays.asList(args));
        return exec(command);
    }

    private static Result succeeds(String name, String... args) throws Exception {
        Result r = script(name, args);
        assertEquals(0, r.exit(), () -> name + " failed: " + r.err() + moto.log());
        return r;
    }

    /** One AWS CLI call against moto, its JSON answer. */
    private static JsonNode aws(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(awsCli, "--endpoint-url", moto.endpoint().toString(),
                "--region", MotoServer.REGION, "--output", "json"));
        command.addAll(Arrays.asList(args));
        Result r = exec(command);
        assertEquals(0, r.exit(), () -> String.join(" ", args) + ": " + r.err());
        return r.out().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.out());
    }

    private static Result awsFails(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(awsCli, "--endpoint-url", moto.endpoint().toString(),
                "--region", MotoServer.REGION));
        command.addAll(Arrays.asList(args));
        return exec(command);
    }

    private static List<String> strings(JsonNode array) {
        return StreamSupport.stream(array.spliterator(), false).map(JsonNode::asText).toList();
    }

    @Test
    void submitEmrAddsASparkStepRunningTheJobWithItsJava17Flags() throws Exception {
        Result r = succeeds("submit-emr", "--cluster-id", clusterId, "--jar", JAR,
                "--conf", "s3://vp-artifacts/vantagepoint/emr.conf", "--input", "s3a://vp-lake/raw",
                "--as-of", "2026-12-01", "--name", "vantagepoint-2026-12-01");
        String stepId = r.out().trim();
        assertTrue(stepId.matches("s-[A-Z0-9]+"), r.out());

        JsonNode step = aws("emr", "describe-step", "--cluster-id", clusterId, "--step-id", stepId).get("Step");
        assertEquals("vantagepoint-2026-12-01", step.get("Name").asText());
        assertEquals("CONTINUE", step.get("ActionOnFailure").asText());
        assertEquals("command-runner.jar", step.at("/Config/Jar").asText());
        String opens = java17Opens();
        assertEquals(List.of("spark-submit", "--deploy-mode", "cluster", "--class", MAIN,
                "--conf", "spark.driver.extraJavaOptions=" + opens,
                "--conf", "spark.executor.extraJavaOptions=" + opens,
                "--conf", "spark.yarn.appMasterEnv.JAVA_HOME=" + JAVA_HOME,
                "--conf", "spark.executorEnv.JAVA_HOME=" + JAVA_HOME,
                JAR, "run", "--conf", "s3a://vp-artifacts/vantagepoint/emr.conf", "--input", "s3a://vp-lake/raw",
                "--as-of", "2026-12-01"), strings(step.at("/Config/Args")));
    }

    @Test
    void submitEmrServerlessStartsAJobRunOfTheJarWithTheRunCommand() throws Exception {
        Result r = succeeds("submit-emr-serverless", "--application-id", applicationId, "--role-arn", roleArn,
                "--jar", JAR, "--conf", "s3a://vp-artifacts/vantagepoint/emr.conf", "--as-of", "2026-12-01",
                "--spark-params", "--conf spark.executor.instances=8", "--log-uri", "s3://vp-logs/emr-serverless/");
        String runId = r.out().trim();

        JsonNode run = aws("emr-serverless", "get-job-run", "--application-id", applicationId, "--job-run-id", runId)
                .get("jobRun");
        assertEquals(roleArn, run.get("executionRole").asText());
        assertEquals("vantagepoint-run", run.get("name").asText());
        JsonNode submit = run.at("/jobDriver/sparkSubmit");
        assertEquals(JAR, submit.get("entryPoint").asText());
        assertEquals(List.of("run", "--conf", "s3a://vp-artifacts/vantagepoint/emr.conf", "--as-of", "2026-12-01"),
                strings(submit.get("entryPointArguments")));
        assertEquals("--class " + MAIN + " --conf spark.executor.instances=8", submit.get("sparkSubmitParameters").asText());
        JsonNode defaults = run.at("/configurationOverrides/applicationConfiguration/0");
        assertEquals("spark-defaults", defaults.get("classification").asText());
        assertEquals(java17Opens(), defaults.at("/properties/spark.driver.extraJavaOptions").asText());
        assertEquals(java17Opens(), defaults.at("/properties/spark.executor.extraJavaOptions").asText());
        assertEquals("s3://vp-logs/emr-serverless/",
                run.at("/configurationOverrides/monitoringConfiguration/s3MonitoringConfiguration/logUri").asText());
    }

    @Test
    void deployGlueCreatesTheJobAndTriggerThenUpdatesThemAndStartsARun() throws Exception {
        String job = "vantagepoint-create-update";
        Result first = succeeds("deploy-glue", "--name", job, "--role", roleArn, "--jar", JAR,
                "--conf", "s3://vp-artifacts/vantagepoint/glue.conf");
        assertEquals(List.of("job " + job + " created", "trigger " + job + "-nightly created: cron(0 2 * * ? *)"),
                first.out().lines().toList());
        JsonNode created = aws("glue", "get-job", "--job-name", job).get("Job");
        assertEquals("5.0", created.get("GlueVersion").asText());
        assertEquals("glueetl", created.at("/Command/Name").asText());
        assertEquals(JAR, created.at("/Command/ScriptLocation").asText());
        assertEquals(roleArn, created.get("Role").asText());
        assertEquals("G.1X", created.get("WorkerType").asText());
        assertEquals(10, created.get("NumberOfWorkers").asInt());
        assertEquals(1, created.at("/ExecutionProperty/MaxConcurrentRuns").asInt());
        JsonNode arguments = created.get("DefaultArguments");
        assertEquals("com.vantagepoint.pipeline.cli.GlueJob", arguments.get("--class").asText());
        assertEquals("scala", arguments.get("--job-language").asText());
        assertEquals(JAR, arguments.get("--extra-jars").asText());
        assertEquals("run --conf s3a://vp-artifacts/vantagepoint/glue.conf", arguments.get("--vantagepoint-args").asText());
        String opens = java17Opens();
        assertEquals("spark.driver.extraJavaOptions=" + opens + " --conf spark.executor.extraJavaOptions=" + opens,
                arguments.get("--conf").asText());
        JsonNode trigger = aws("glue", "get-trigger", "--name", job + "-nightly").get("Trigger");
        assertEquals("SCHEDULED", trigger.get("Type").asText());
        assertEquals("cron(0 2 * * ? *)", trigger.get("Schedule").asText());
        assertEquals("ACTIVATED", trigger.get("State").asText());
        assertEquals(job, trigger.at("/Actions/0/JobName").asText());

        String newJar = JAR.replace("0.1.0-SNAPSHOT", "0.2.0");
        Result second = succeeds("deploy-glue", "--name", job, "--role", roleArn, "--jar", newJar,
                "--conf", "s3://vp-artifacts/vantagepoint/glue.conf", "--input", "s3://vp-lake/raw",
                "--schedule", "cron(30 1 * * ? *)", "--workers", "5", "--start", "--as-of", "2026-11-30");
        List<String> lines = second.out().lines().toList();
        assertEquals(List.of("job " + job + " updated", "trigger " + job + "-nightly updated: cron(30 1 * * ? *)"),
                lines.subList(0, 2));
        assertTrue(lines.get(2).matches("job run jr_[0-9a-f]+ started"), second.out());
        JsonNode updated = aws("glue", "get-job", "--job-name", job).get("Job");
        assertEquals(newJar, updated.at("/Command/ScriptLocation").asText());
        assertEquals(newJar, updated.at("/DefaultArguments/--extra-jars").asText());
        assertEquals(5, updated.get("NumberOfWorkers").asInt());
        assertEquals("run --conf s3a://vp-artifacts/vantagepoint/glue.conf --input s3a://vp-lake/raw",
                updated.at("/DefaultArguments/--vantagepoint-args").asText());
        assertEquals("cron(30 1 * * ? *)", aws("glue", "get-trigger", "--name", job + "-nightly").at("/Trigger/Schedule").asText());
        JsonNode runs = aws("glue", "get-job-runs", "--job-name", job).get("JobRuns");
        assertEquals(1, runs.size());
        assertEquals(lines.get(2).split(" ")[2], runs.get(0).get("Id").asText());
        assertEquals("run --conf s3a://vp-artifacts/vantagepoint/glue.conf --input s3a://vp-lake/raw --as-of 2026-11-30",
                runs.get(0).at("/Arguments/--vantagepoint-args").asText());
    }

    /** Each printed line is a call (comments aside); run through the shell, they do what the script would have done. */
    @Test
    void dryRunPrintsTheExactCallsAndTouchesNothing() throws Exception {
        int stepsBefore = aws("emr", "list-steps", "--cluster-id", clusterId).get("Steps").size();
        Result emr = succeeds("submit-emr", "--cluster-id", clusterId, "--jar", JAR, "--conf", "s3://b/emr.conf", "--dry-run");
        assertEquals(1, emr.out().lines().count(), emr.out());
        assertTrue(emr.out().startsWith(awsCli + " --endpoint-url " + moto.endpoint() + " --region " + MotoServer.REGION
                + " emr add-steps --cluster-id " + clusterId + " --steps '[{"), emr.out());
        assertEquals(stepsBefore, aws("emr", "list-steps", "--cluster-id", clusterId).get("Steps").size());
        // The printed call, run by the shell, adds the step the script adds.
        Result replay = exec(List.of("bash", "-c", emr.out()));
        assertEquals(0, replay.exit(), replay.err());
        JsonNode step = aws("emr", "describe-step", "--cluster-id", clusterId, "--step-id", replay.out().trim()).get("Step");
        assertEquals(JAR, strings(step.at("/Config/Args")).get(13));

        Result serverless = succeeds("submit-emr-serverless", "--application-id", applicationId, "--role-arn", roleArn,
                "--jar", JAR, "--conf", "s3://b/emr.conf", "--name", "dry-run-only", "--dry-run");
        assertEquals(1, serverless.out().lines().count(), serverless.out());
        assertTrue(serverless.out().contains(" emr-serverless start-job-run --application-id " + applicationId), serverless.out());
        JsonNode runs = aws("emr-serverless", "list-job-runs", "--application-id", applicationId).get("jobRuns");
        assertFalse(StreamSupport.stream(runs.spliterator(), false).anyMatch(r -> r.path("name").asText().equals("dry-run-only")));

        String job = "vantagepoint-dry-run";
        Result glue = succeeds("deploy-glue", "--name", job, "--role", roleArn, "--jar", JAR, "--conf", "s3://b/glue.conf",
                "--start", "--dry-run");
        List<String> lines = glue.out().lines().toList();
        String prefix = awsCli + " --endpoint-url " + moto.endpoint() + " --region " + MotoServer.REGION + " glue ";
        List<String> shape = lines.stream().map(l -> l.startsWith("#") ? l : l.startsWith(prefix)
                ? l.substring(prefix.length()).split(" ")[0] : "unexpected: " + l).toList();
        assertEquals(List.of("get-job", "# when get-job finds the job:", "update-job", "# when it does not:", "create-job",
                "get-trigger", "# when get-trigger finds the trigger:", "update-trigger", "# when it does not:",
                "create-trigger", "start-job-run"), shape);
        Result missing = awsFails("glue", "get-job", "--job-name", job);
        assertTrue(missing.err().contains("EntityNotFoundException"), missing.err());
        assertTrue(awsFails("glue", "get-trigger", "--name", job + "-nightly").err().contains("EntityNotFoundException"));

        // The printed create-job and create-trigger, run by the shell, make the job deploy-glue makes.
        for (String call : List.of(lines.get(4), lines.get(9))) {
            Result ran = exec(List.of("bash", "-c", call));
            assertEquals(0, ran.exit(), ran.err());
        }
        JsonNode replayed = aws("glue", "get-job", "--job-name", job).get("Job");
        assertEquals("com.vantagepoint.pipeline.cli.GlueJob", replayed.at("/DefaultArguments/--class").asText());
        assertEquals("run --conf s3a://b/glue.conf", replayed.at("/DefaultArguments/--vantagepoint-args").asText());
        assertEquals("cron(0 2 * * ? *)", aws("glue", "get-trigger", "--name", job + "-nightly").at("/Trigger/Schedule").asText());
    }

    @Test
    void theCallsCarryEndpointProfileAndRegionFromTheEnvironment() throws Exception {
        List<String> command = List.of("bash", SCRIPTS.resolve("submit-emr").toString(), "--cluster-id", "j-ABC",
                "--jar", JAR, "--conf", "s3://b/emr.conf", "--dry-run");
        Result all = exec(command, Map.of("AWS_ENDPOINT_URL", "http://127.0.0.1:9", "AWS_PROFILE", "nightly ops",
                "AWS_REGION", "eu-west-2"));
        assertEquals(0, all.exit(), all.err());
        assertTrue(all.out().startsWith("aws --endpoint-url http://127.0.0.1:9 --profile 'nightly ops' --region eu-west-2 "
                + "emr add-steps --cluster-id j-ABC "), all.out());
        Result none = exec(command, Map.of());
        assertTrue(none.out().startsWith("aws emr add-steps --cluster-id j-ABC "), none.out());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "submit-emr|--jar s3://b/j.jar --conf s3://b/c|error: --cluster-id is required",
            "submit-emr|--cluster-id j-ABC --jar|error: --jar needs a value",
            "submit-emr|--cluster-id j-ABC --jar /tmp/j.jar --conf s3://b/c|error: --jar must be an s3://bucket/key URI, got '/tmp/j.jar'",
            "submit-emr|--cluster-id j-ABC --jar s3://b/j.jar --conf s3://b/c --as-of 1/12/2026|error: --as-of must be a date YYYY-MM-DD or 'today', got '1/12/2026'",
            "submit-emr|--cluster-id j-ABC --jar s3://b/j.jar --conf s3://b/c --verbose|error: unknown argument '--verbose' (see --help)",
            "submit-emr-serverless|--application-id a --jar s3://b/j.jar --conf s3://b/c|error: --role-arn is required",
            "submit-emr-serverless|--application-id a --role-arn vp-job --jar s3://b/j.jar --conf s3://b/c|error: --role-arn must be an IAM role ARN, got 'vp-job'",
            "deploy-glue|--name vp --role r --jar s3://b/j.jar|error: --conf is required",
            "deploy-glue|--name vp --role r --jar s3://b/j.jar --conf s3://b/c --schedule 0_2_*_*_*|error: --schedule must be a Glue cron expression such as 'cron(0 2 * * ? *)', got '0_2_*_*_*'",
            "deploy-glue|--name vp --role r --jar s3://b/j.jar --conf s3://b/c --as-of 2026-12-01|error: --as-of applies to the run --start starts; add --start",
            "deploy-glue|--name vp --role r --jar s3://b/j.jar --conf s3://b/c --workers 1|error: --workers must be a whole number of at least 2, got '1'",
    })
    void badOrMissingFlagsExitTwoWithOneLine(String name, String args, String error) throws Exception {
        Result r = script(name, args.split(" "));
        assertEquals(2, r.exit(), r.err());
        assertEquals(List.of(error), r.errLines());
        assertEquals("", r.out());
    }

    @Test
    void anAwsFailureExitsOneWithTheCliMessage() throws Exception {
        Result emr = script("submit-emr", "--cluster-id", "j-NOSUCHCLUSTER", "--jar", JAR, "--conf", "s3://b/c");
        assertEquals(1, emr.exit(), emr.err());
        assertTrue(emr.err().contains("j-NOSUCHCLUSTER"), emr.err());
        Result serverless = script("submit-emr-serverless", "--application-id", "nosuchapp", "--role-arn", roleArn,
                "--jar", JAR, "--conf", "s3://b/c");
        assertEquals(1, serverless.exit(), serverless.err());
        assertTrue(serverless.err().contains("ResourceNotFoundException") && serverless.err().contains("nosuchapp"),
                serverless.err());
        assertEquals("", serverless.out());
    }

    @ParameterizedTest
    @CsvSource({"submit-emr", "submit-emr-serverless", "deploy-glue"})
    void helpPrintsTheUsage(String name) throws Exception {
        Result r = succeeds(name, "--help");
        assertTrue(r.out().startsWith("Usage: scripts/" + name + " "), r.out());
        assertTrue(r.out().contains("--dry-run"), r.out());
    }
}
