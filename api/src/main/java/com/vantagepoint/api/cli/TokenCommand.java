package com.vantagepoint.api.cli;

import com.vantagepoint.api.auth.LocalTokens;
import com.vantagepoint.api.auth.UserStore;
import com.vantagepoint.api.http.ApiSettings;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Callable;

/** {@code token NAME}: prints a signed JWT for a local user (scripts, curl, benchmarks). */
@Command(name = "token", mixinStandardHelpOptions = true, description = "Print a JWT for a local user.")
final class TokenCommand implements Callable<Integer> {
    @Mixin
    ConfOptions conf;
    @Parameters(index = "0", paramLabel = "NAME")
    String name;
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        ApiSettings s = conf.settings(Map.of());
        if (!s.authMode().equals("local")) {
            throw new IllegalArgumentException("token works in local auth mode only (api.auth.mode is " + s.authMode() + ")");
        }
        UserStore users = new UserStore(s.home());
        if (users.find(name).isEmpty()) {
            throw new IllegalArgumentException("no such user: " + name);
        }
        spec.commandLine().getOut().println(new LocalTokens(s.home(), Duration.ofMinutes(s.tokenTtlMinutes()), users).issue(name));
        return 0;
    }
}
