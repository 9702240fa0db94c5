package com.vantagepoint.api.cli;

import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Reads a new password from stdin (one line) or, interactively, twice from the console. */
final class Passwords {
    static final int MIN_LENGTH = 8;

    private Passwords() {
    }

    static char[] read(boolean fromStdin) throws IOException {
        char[] pw;
        if (fromStdin) {
            String line = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
            if (line == null) {
                throw new IllegalArgumentException("no password on stdin");
            }
            pw = line.toCharArray();
        } else {
            Console console = System.console();
            if (console == null) {
                throw new IllegalArgumentException("no console to prompt for a password; use --password-stdin");
            }
            pw = console.readPassword("Password: ");
            char[] again = console.readPassword("Repeat password: ");
            if (pw == null || again == null || !Arrays.equals(pw, again)) {
                throw new IllegalArgumentException("passwords do not match");
            }
        }
        if (pw.length < MIN_LENGTH) {
            throw new IllegalArgumentException("password must be at least " + MIN_LENGTH + " characters");
        }
        return pw;
    }
}
