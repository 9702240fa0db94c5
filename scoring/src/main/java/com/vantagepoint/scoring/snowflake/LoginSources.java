package com.vantagepoint.scoring.snowflake;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.config.SecureFiles;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the Snowflake login, in this order: the settings (SNOWFLAKE_* and {@code vantagepoint.snowflake}), the file
 * {@code $VANTAGEPOINT_HOME/secrets/snowflake.json}, the Secrets Manager secret named by
 * {@code vantagepoint.snowflake.secret-id}. A later source is read only while something is still missing, and fills
 * only what the earlier ones left empty. Every failure is one line naming the source and the cause, never the secret.
 */
final class LoginSources {
    /** Where the login file lives below {@code vantagepoint.home}. */
    static final String FILE = "secrets/snowflake.json";

    private LoginSources() {
    }

    static SnowflakeLogin resolve(Config vantagepoint, SecretsManagerReader secretsManager) {
        Config sf = vantagepoint.getConfig("snowflake");
        Path file = Path.of(vantagepoint.getString("home")).resolve(FILE);
        String secretId = sf.getString("secret-id").trim();
        List<String> consulted = new ArrayList<>(List.of("the settings"));
        SnowflakeLogin login = SnowflakeLogin.fromSettings(sf);
        if (!login.complete() && Files.exists(file)) {
            consulted.add(file.toString());
            login = login.orElse(fromFile(file));
        }
        if (!login.complete() && !secretId.isEmpty()) {
            consulted.add("Secrets Manager secret " + secretId);
            login = login.orElse(fromSecret(secretId, secretsManager));
        }
        requireComplete(login, String.join(", ", consulted), file);
        return login;
    }

    private static SnowflakeLogin fromFile(Path file) {
        try {
            return SnowflakeLogin.fromJson(SecureFiles.readPrivate(file));
        } catch (IOException | IllegalArgumentException e) {
            throw failed(file.toString(), e);
        }
    }

    private static SnowflakeLogin fromSecret(String secretId, SecretsManagerReader secretsManager) {
        try {
            return SnowflakeLogin.fromJson(secretsManager.read(secretId));
        } catch (IllegalStateException | IllegalArgumentException e) {
            throw failed("Secrets Manager secret " + secretId, e);
        }
    }

    private static IllegalStateException failed(String source, Exception cause) {
        return new IllegalStateException("cannot read the Snowflake login from " + source + ": " + cause.getMessage());
    }

    private static void requireComplete(SnowflakeLogin login, String consulted, Path file) {
        if (login.account().isBlank() || login.user().isBlank()) {
            String key = login.account().isBlank() ? "account" : "user";
            throw new IllegalArgumentException("vantagepoint.snowflake." + key + " is not set (looked in " + consulted
                    + "; see README, \"Snowflake credentials\")");
        }
        if (!login.hasSecret()) {
            throw new IllegalStateException("no Snowflake password or private key (looked in " + consulted
                    + "): set SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY_FILE, write " + file
                    + ", or name a Secrets Manager secret in vantagepoint.snowflake.secret-id");
        }
    }
}
