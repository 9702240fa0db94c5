package com.vantagepoint.scoring.testing;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

/** What the processes the tests start on loopback (fakesnow, moto, a Spark cluster) have in common. */
public final class LoopbackProcesses {
    private LoopbackProcesses() {
    }

    /** The executable named by {@code envVar}, else the one in the CI venv, else {@code name} on the PATH. */
    static Optional<String> executable(String envVar, String name) {
        String configured = System.getenv(envVar);
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        Path venv = Path.of("/tmp/vp-venv/bin", name);
        if (Files.isExecutable(venv)) {
            return Optional.of(venv.toString());
        }
        return Stream.of(System.getenv().getOrDefault("PATH", "").split(File.pathSeparator))
                .map(dir -> Path.of(dir, name)).filter(Files::isExecutable).map(Path::toString).findFirst();
    }

    public static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** Waits up to 30 s for {@code process} to listen on {@code port}; its log explains a failure. */
    static void awaitPort(Process process, int port, Path log, String name) throws Exception {
        for (int i = 0; i < 300; i++) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited: " + Files.readString(log));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(name + " did not listen on " + port + " within 30 s: " + Files.readString(log));
    }
}
