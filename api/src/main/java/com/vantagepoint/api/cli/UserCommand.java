package com.vantagepoint.api.cli;

import com.vantagepoint.scoring.cli.CliErrors;
import com.vantagepoint.api.auth.Role;
import com.vantagepoint.api.auth.UserStore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.util.Map;
import java.util.concurrent.Callable;

/** {@code user add|remove|passwd}: local-mode users in $VANTAGEPOINT_HOME. */
@Command(name = "user", mixinStandardHelpOptions = true, description = "Manage local dashboard users.",
        subcommands = {UserCommand.Add.class, UserCommand.Remove.class, UserCommand.Passwd.class})
final class UserCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        throw new picocli.CommandLine.ParameterException(spec.commandLine(), "missing subcommand: add, remove or passwd");
    }

    static UserStore store(ConfOptions conf) {
        return new UserStore(conf.settings(Map.of()).home());
    }

    @Command(name = "add", mixinStandardHelpOptions = true, description = "Add a user (or replace its role and password).")
    static final class Add implements Callable<Integer> {
        @Mixin
        ConfOptions conf;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--role", required = true, paramLabel = "viewer|analyst")
        String role;
        @Option(names = "--password-stdin", description = "Read the password from the first line of stdin")
        boolean passwordStdin;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            Role r = Role.fromLabel(role).orElseThrow(() -> new CliErrors.UsageError("--role must be viewer or analyst, not '" + role + "'"));
            UserStore.checkName(name);
            store(conf).put(name, r, Passwords.read(passwordStdin));
            spec.commandLine().getOut().println("user " + name + " saved with role " + r.label());
            return 0;
        }
    }

    @Command(name = "remove", mixinStandardHelpOptions = true, description = "Remove a user.")
    static final class Remove implements Callable<Integer> {
        @Mixin
        ConfOptions conf;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            store(conf).remove(name);
            spec.commandLine().getOut().println("user " + name + " removed");
            return 0;
        }
    }

    @Command(name = "passwd", mixinStandardHelpOptions = true, description = "Set a user's password.")
    static final class Passwd implements Callable<Integer> {
        @Mixin
        ConfOptions conf;
        @Parameters(index = "0", paramLabel = "NAME")
        String name;
        @Option(names = "--password-stdin", description = "Read the password from the first line of stdin")
        boolean passwordStdin;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            UserStore store = store(conf);
            if (store.find(name).isEmpty()) {
                throw new IllegalArgumentException("no such user: " + name);
            }
            store.setPassword(name, Passwords.read(passwordStdin));
            spec.commandLine().getOut().println("password of " + name + " changed");
            return 0;
        }
    }
}
