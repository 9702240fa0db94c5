package com.vantagepoint.api.cli;

import com.vantagepoint.api.auth.Role;
import com.vantagepoint.api.auth.UserStore;
import com.vantagepoint.api.http.ApiSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code demo-serve}: ensures the {@code demo} analyst login, prints it, then serves. */
@Command(name = "demo-serve", mixinStandardHelpOptions = true,
        description = "Create (once) a demo analyst login stored in $VANTAGEPOINT_HOME/demo-login.txt and serve the dashboard.")
final class DemoServeCommand implements Callable<Integer> {
    static final String DEMO_USER = "demo";
    static final String LOGIN_FILE = "demo-login.txt";

    @Mixin
    ConfOptions confOptions;
    @Option(names = "--warehouse", paramLabel = "DIR|snowflake")
    String warehouse;
    @Option(names = "--port", paramLabel = "PORT")
    Integer port;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        Map<String, Object> o = new HashMap<>();
        o.put("warehouse", ServeCommand.warehouseSetting(warehouse));
        o.put("api.port", port);
        ApiSettings s = confOptions.settings(o);
        String password = ensureDemoUser(s.home());
        return ServeCommand.serve(s, spec, "Demo login: user '" + DEMO_USER + "', password '" + password
                + "' (also in " + s.home().resolve(LOGIN_FILE) + ")");
    }

    /** The demo password: reused while the user and its file exist, otherwise generated and stored. */
    static String ensureDemoUser(Path home) throws IOException {
        UserStore users = new UserStore(home);
        Path file = home.resolve(LOGIN_FILE);
        if (users.find(DEMO_USER).isPresent() && Files.isReadable(file)) {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                if (line.startsWith("password: ")) {
                    return line.substring("password: ".length()).trim();
                }
            }
        }
        byte[] raw = new byte[12];
        new SecureRandom().nextBytes(raw);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(raw);
        users.put(DEMO_USER, Role.ANALYST, password.toCharArray());
        Files.createDirectories(home);
        Files.writeString(file, "username: " + DEMO_USER + "\npassword: " + password + "\n", StandardCharsets.UTF_8);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
            // non-POSIX file system
        }
        return password;
    }
}
