package com.vantagepoint.api.cli;

import com.vantagepoint.api.http.ApiServer;
import com.vantagepoint.api.http.ApiSettings;
import com.vantagepoint.scoring.snowflake.SnowflakeConnection;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** {@code serve}: the API and dashboard over the current run of a warehouse. */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Serve the dashboard and API over the latest published run.")
final class ServeCommand implements Callable<Integer> {
    @Mixin
    ConfOptions confOptions;
    @Option(names = "--warehouse", paramLabel = "DIR|snowflake",
            description = "DuckDB warehouse directory (default: $VANTAGEPOINT_HOME/warehouse), or the word snowflake "
                    + "to serve the marts published to vantagepoint.snowflake")
    String warehouse;
    @Option(names = "--port", paramLabel = "PORT", description = "TCP port (default 7070; 0 picks a free one)")
    Integer port;
    @Option(names = "--host", paramLabel = "HOST", description = "Interface to bind (default 127.0.0.1)")
    String host;
    @Spec
    CommandSpec spec;

    ApiSettings settings() {
        if (port != null && (port < 0 || port > 65535)) {
            throw new IllegalArgumentException("--port must be 0-65535");
        }
        Map<String, Object> o = new HashMap<>();
        o.put("warehouse", warehouseSetting(warehouse));
        o.put("api.port", port);
        o.put("api.host", host);
        return confOptions.settings(o);
    }

    @Override
    public Integer call() throws Exception {
        return serve(settings(), spec, null);
    }

    /** {@code --warehouse}: the word {@code snowflake} as it is, a directory made absolute; null when not given. */
    static String warehouseSetting(String warehouse) {
        if (warehouse == null || SnowflakeConnection.WAREHOUSE_NAME.equals(warehouse)) {
            return warehouse;
        }
        return Path.of(warehouse).toAbsolutePath().toString();
    }

    /** Starts the server, prints its URL (and an optional extra line) and blocks until the JVM stops. */
    static int serve(ApiSettings settings, CommandSpec spec, String extra) throws Exception {
        ApiServer server = ApiServer.create(settings);
        // Unreachable marts or refused credentials end the command before it listens; later failures only keep
        // the served snapshot.
        server.holder().reader().currentVersion();
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "api-shutdown"));
        // the first run loads while Jetty starts: on a cold JVM neither keeps both cores busy
        Thread firstLoad = new Thread(server.holder()::start, "snapshot-first-load");
        firstLoad.start();
        server.listen();
        spec.commandLine().getOut().println("VantagePoint dashboard: " + server.url() + "  (warehouse " + server.holder().reader().describe() + ")");
        if (extra != null) {
            spec.commandLine().getOut().println(extra);
        }
        spec.commandLine().getOut().flush();
        firstLoad.join();
        if (server.holder().get() == null) {
            spec.commandLine().getErr().println("warning: no published run in " + server.holder().reader().describe()
                    + " yet; run the pipeline (vantagepoint run) and the dashboard picks it up");
        }
        stopped.await();
        return 0;
    }
}
