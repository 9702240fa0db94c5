package com.vantagepoint.scoring.testing;

import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.secretsmanager.SecretsManagerClient;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * moto's server (PyPI {@code moto[server]}: AWS APIs such as Secrets Manager, IAM and S3 in one process) as a
 * subprocess on a free loopback port. Tests that need it are skipped, saying why, when moto is not installed, except
 * under {@code CI=true}, where that is an error. {@code VANTAGEPOINT_MOTO} names the {@code moto_server} script.
 */
public final class MotoServer implements AutoCloseable {
    /** moto accepts any keys until IAM enforcement is switched on ({@code INITIAL_NO_AUTH_ACTION_COUNT}). */
    public static final String ACCESS_KEY_ID = "testing";
    public static final String SECRET_ACCESS_KEY = "testing";
    public static final String REGION = "eu-west-1";

    private final Process process;
    private final int port;
    private final Path log;

    private MotoServer(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts the server; skips the calling test when moto is missing. */
    public static MotoServer start() throws Exception {
        return start(Map.of());
    }

    /** Starts the server with extra environment variables of moto's (e.g. {@code INITIAL_NO_AUTH_ACTION_COUNT}). */
    public static MotoServer start(Map<String, String> motoEnvironment) throws Exception {
        return start(List.of(motoServer()), motoEnvironment);
    }

    /**
     * Starts the server through a Python launcher of the test's that adds to moto before serving (e.g. an action moto
     * does not implement) and then calls {@code moto.server.main} with moto_server's arguments. It runs under the
     * Python of moto's own installation (the interpreter in the {@code moto_server} script's first line).
     */
    public static MotoServer startWithLauncher(Path launcher) throws Exception {
        String motoServer = motoServer();
        String firstLine = Files.readAllLines(Path.of(motoServer)).get(0);
        if (!firstLine.startsWith("#!")) {
            throw new IllegalStateException(motoServer + " does not start with #!python: cannot tell moto's Python");
        }
        List<String> command = new ArrayList<>(List.of(firstLine.substring(2).trim().split("\\s+")));
        command.add(launcher.toString());
        return start(command, Map.of());
    }

    /**
     * The AWS CLI (PyPI {@code awscli}, or v2) for tests that drive it against this server: {@code VANTAGEPOINT_AWS_CLI},
     * else {@code /tmp/vp-venv/bin/aws}, else {@code aws} on the PATH. Missing: the calling test is skipped, saying
     * why, except under {@code CI=true}, where that is an error.
     */
    public static String awsCli() {
        return require(LoopbackProcesses.executable("VANTAGEPOINT_AWS_CLI", "aws"),
                "AWS CLI not found (set VANTAGEPOINT_AWS_CLI or install 'awscli' into /tmp/vp-venv)");
    }

    private static String motoServer() {
        return require(LoopbackProcesses.executable("VANTAGEPOINT_MOTO", "moto_server"),
                "moto not found (set VANTAGEPOINT_MOTO or install 'moto[server]' into /tmp/vp-venv)");
    }

    private static String require(Optional<String> executable, String reason) {
        if (executable.isEmpty()) {
            if ("true".equals(System.getenv("CI"))) {
                throw new IllegalStateException(reason);
            }
            assumeTrue(false, reason);
        }
        return executable.get();
    }

    private static MotoServer start(List<String> command, Map<String, String> motoEnvironment) throws Exception {
        int port = LoopbackProcesses.freePort();
        Path log = Files.createTempFile("moto-", ".log");
        List<String> full = new ArrayList<>(command);
        full.addAll(List.of("-H", "127.0.0.1", "-p", String.valueOf(port)));
        ProcessBuilder pb = new ProcessBuilder(full).redirectErrorStream(true).redirectOutput(log.toFile());
        pb.environment().putAll(motoEnvironment);
        MotoServer server = new MotoServer(pb.start(), port, log);
        LoopbackProcesses.awaitPort(server.process, server.port, server.log, "moto");
        return server;
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + port);
    }

    public AwsCredentialsProvider credentials() {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY_ID, SECRET_ACCESS_KEY));
    }

    /** The variables an AWS SDK or CLI in a subprocess reads to talk to this server's Secrets Manager. */
    public Map<String, String> environment() {
        return Map.of("AWS_ENDPOINT_URL_SECRETS_MANAGER", endpoint().toString(), "AWS_REGION", REGION,
                "AWS_ACCESS_KEY_ID", ACCESS_KEY_ID, "AWS_SECRET_ACCESS_KEY", SECRET_ACCESS_KEY);
    }

    /** A real SDK client for this server, to set secrets up. */
    public SecretsManagerClient secretsManager() {
        return SecretsManagerClient.builder().endpointOverride(endpoint()).region(Region.of(REGION))
                .credentialsProvider(credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build();
    }

    /** Creates a secret holding {@code text} as its SecretString. */
    public void createSecret(String name, String text) {
        try (SecretsManagerClient sm = secretsManager()) {
            sm.createSecret(b -> b.name(name).secretString(text));
        }
    }

    /** What the server logged so far (a failing call's traceback). */
    public String log() {
        try {
            return Files.readString(log);
        } catch (java.io.IOException e) {
            return "(moto's log " + log + " unreadable: " + e + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
    }
}
