package com.vantagepoint.scoring.snowflake;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.typesafe.config.Config;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Properties;

/**
 * Who connects to Snowflake and how they prove it: a password, a PKCS#8 key file (with its passphrase), or a PEM
 * key held in a secret document. Empty strings mean "not given here". Never printed: {@link #toString()} hides the
 * secrets.
 */
record SnowflakeLogin(String account, String user, String password, String privateKeyFile, String privateKeyFilePwd,
                      String privateKey, String privateKeyPwd) {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** From {@code vantagepoint.snowflake} (its keys read SNOWFLAKE_* from the environment). */
    static SnowflakeLogin fromSettings(Config sf) {
        return new SnowflakeLogin(sf.getString("account"), sf.getString("user"), sf.getString("password"),
                sf.getString("private-key-file"), sf.getString("private-key-file-pwd"), "", "");
    }

    /**
     * From a secret document, {@code {"username", "password", "account"}} with an optional PEM {@code "private_key"}
     * (and {@code "private_key_pwd"}); other fields are ignored.
     *
     * @throws IllegalArgumentException with a reason that never quotes the document: it holds the secret
     */
    static SnowflakeLogin fromJson(String json) {
        JsonNode doc;
        try {
            doc = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            // Jackson's message quotes the text around the error, which may be the password itself.
            JsonLocation at = e.getLocation();
            throw new IllegalArgumentException("not valid JSON" + (at == null ? ""
                    : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")"));
        }
        if (doc == null || !doc.isObject()) {
            throw new IllegalArgumentException("not a JSON object with username, password and account");
        }
        return new SnowflakeLogin(text(doc, "account"), text(doc, "username"), text(doc, "password"), "", "",
                text(doc, "private_key"), text(doc, "private_key_pwd"));
    }

    private static String text(JsonNode doc, String field) {
        JsonNode v = doc.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException("field \"" + field + "\" is not a string");
        }
        return v.asText();
    }

    boolean hasSecret() {
        return !password.isBlank() || !privateKeyFile.isBlank() || !privateKey.isBlank();
    }

    boolean complete() {
        return !account.isBlank() && !user.isBlank() && hasSecret();
    }

    /** This login with what it leaves empty taken from {@code fallback}; the secret comes whole from one of them. */
    SnowflakeLogin orElse(SnowflakeLogin fallback) {
        SnowflakeLogin secret = hasSecret() ? this : fallback;
        return new SnowflakeLogin(first(account, fallback.account), first(user, fallback.user), secret.password,
                secret.privateKeyFile, secret.privateKeyFilePwd, secret.privateKey, secret.privateKeyPwd);
    }

    private static String first(String preferred, String fallback) {
        return preferred.isBlank() ? fallback : preferred;
    }

    /** The JDBC properties: key-pair (JWT) authentication when a key is given, else the password. */
    void putInto(Properties p) {
        p.setProperty("user", user);
        if (!privateKeyFile.isBlank()) {
            p.setProperty("authenticator", "SNOWFLAKE_JWT");
            p.setProperty("private_key_file", privateKeyFile);
            putIfSet(p, "private_key_file_pwd", privateKeyFilePwd);
        } else if (!privateKey.isBlank()) {
            p.setProperty("authenticator", "SNOWFLAKE_JWT");
            // the driver decodes this to the bytes of a key file, PEM included
            p.setProperty("private_key_base64", Base64.getEncoder().encodeToString(privateKey.getBytes(StandardCharsets.UTF_8)));
            putIfSet(p, "private_key_pwd", privateKeyPwd);
        } else {
            p.setProperty("password", password);
        }
    }

    private static void putIfSet(Properties p, String key, String value) {
        if (!value.isBlank()) {
            p.setProperty(key, value);
        }
    }

    @Override
    public String toString() {
        return "SnowflakeLogin[account=" + account + ", user=" + user + ", secret " + (hasSecret() ? "given" : "missing") + "]";
    }
}
