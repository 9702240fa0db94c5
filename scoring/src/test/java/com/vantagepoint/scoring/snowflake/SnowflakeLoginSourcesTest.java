package com.vantagepoint.scoring.snowflake;

import com.typesafe.config.Config;
import com.vantagepoint.scoring.config.Settings;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.testing.LoopbackProcesses;
import com.vantagepoint.scoring.testing.MotoServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.iam.IamClient;
import software.amazon.awssdk.services.iam.model.AccessKey;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Where the Snowflake login comes from: the settings, then {@code $VANTAGEPOINT_HOME/secrets/snowflake.json}, then a
 * Secrets Manager secret read by the real AWS SDK from moto's server; and the one-line errors of each source, which
 * must never quote the secret.
 */
class SnowflakeLoginSourcesTest {
    private static final String SECRET_PASSWORD = "pw-from-secret-" + UUID.randomUUID();
    private static MotoServer moto;
    @TempDir
    Path home;

    @BeforeAll
    static void startMoto() throws Exception {
        moto = MotoServer.start();
    }

    @AfterAll
    static void stopMoto() {
        if (moto != null) {
            moto.close();
        }
    }

    @Test
    void settingsWinAndLaterSourcesAreNotReadWhenNothingIsMissing() throws Exception {
        writeLoginFile("rw-r--r--", "{\"password\": \"from-file\"}"); // would be refused if it were read
        Properties p = connect(settings("acct", "alice", "from-settings", "no-such-secret")).properties();
        assertEquals("from-settings", p.getProperty("password"));
        assertEquals("alice", p.getProperty("user"));
    }

    @Test
    void theDriverRetriesAsConfiguredAndANegativeCountIsRefusedByName() {
        assertEquals("7", connect(settings("acct", "alice", "pw", "")).properties().getProperty("maxHttpRetries"),
                "the driver's own default");
        Map<String, Object> settings = new java.util.HashMap<>(settings("acct", "alice", "pw", ""));
        settings.put("snowflake.max-http-retries", -1);
        Settings.InvalidSetting e = assertThrows(Settings.InvalidSetting.class, () -> connect(settings));
        assertEquals("snowflake.max-http-retries", e.key());
        assertEquals("must not be negative, got -1", e.problem());
    }

    @Test
    void theFileFillsWhatTheSettingsLeaveEmpty() throws Exception {
        writeLoginFile("rw-------", "{\"username\": \"file-user\", \"password\": \"from-file\", \"account\": \"file-acct\"}");
        SnowflakeConnection c = connect(settings("", "alice", "", ""));
        assertEquals("from-file", c.properties().getProperty("password"));
        assertEquals("alice", c.properties().getProperty("user"), "the settings' user wins");
        assertTrue(c.url().contains("account=file-acct"), c.url());
    }

    @Test
    void theFileWinsOverTheSecret() throws Exception {
        String id = secret("{\"username\": \"u\", \"password\": \"" + SECRET_PASSWORD + "\", \"account\": \"a\"}");
        writeLoginFile("rw-------", "{\"password\": \"from-file\"}");
        assertEquals("from-file", connect(settings("acct", "alice", "", id)).properties().getProperty("password"));
    }

    @Test
    void theSecretFillsOnlyWhatTheSettingsLeftEmpty() {
        String id = secret("{\"username\": \"secret-user\", \"password\": \"" + SECRET_PASSWORD + "\", \"account\": \"secret-acct\"}");
        SnowflakeConnection c = connect(settings("", "alice", "", id));
        assertEquals(SECRET_PASSWORD, c.properties().getProperty("password"));
        assertEquals("alice", c.properties().getProperty("user"));
        assertTrue(c.url().contains("account=secret-acct"), c.url());
        assertFalse(c.toString().contains(SECRET_PASSWORD), c.toString());
    }

    @Test
    void aKeyFileInTheSettingsIsUsedInsteadOfTheSecretsPassword() {
        String id = secret("{\"username\": \"u\", \"password\": \"" + SECRET_PASSWORD + "\", \"account\": \"a\"}");
        Map<String, Object> s = settings("acct", "alice", "", id);
        s.put("snowflake.private-key-file", "/keys/rsa_key.p8");
        Properties p = connect(s).properties();
        assertEquals("SNOWFLAKE_JWT", p.getProperty("authenticator"));
        assertEquals("/keys/rsa_key.p8", p.getProperty("private_key_file"));
        assertNull(p.getProperty("password"));
    }

    @Test
    void aPemKeyInTheSecretBecomesKeyPairAuthentication() {
        String pem = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n";
        String id = secret("{\"username\": \"u\", \"account\": \"a\", \"private_key\": \"" + pem.replace("\n", "\\n")
                + "\", \"private_key_pwd\": \"key-pass\"}");
        Properties p = connect(settings("", "", "", id)).properties();
        assertEquals("SNOWFLAKE_JWT", p.getProperty("authenticator"));
        assertEquals(pem, new String(Base64.getDecoder().decode(p.getProperty("private_key_base64")), StandardCharsets.UTF_8));
        assertEquals("key-pass", p.getProperty("private_key_pwd"));
        assertNull(p.getProperty("password"));
    }

    @Test
    void aLoginFileOthersCanReadIsRefused() throws Exception {
        Path file = writeLoginFile("rw-r-----", "{\"password\": \"from-file\"}");
        String message = failure(settings("acct", "alice", "", ""));
        assertEquals("cannot read the Snowflake login from " + file + ": accessible to group or others (mode rw-r-----);"
                + " run chmod 600 " + file, message);
    }

    @Test
    void aMissingSecretIsNamed() {
        String message = failure(settings("acct", "alice", "", "vantagepoint/absent"));
        assertTrue(message.startsWith("cannot read the Snowflake login from Secrets Manager secret vantagepoint/absent:"
                + " no such secret (ResourceNotFoundException: "), message);
    }

    @Test
    void malformedSecretJsonIsReportedWithoutItsText() {
        String id = secret("{\"username\": \"u\", \"password\": \"" + SECRET_PASSWORD + "\" \"account\": \"a\"}");
        String message = failure(settings("", "", "", id));
        assertTrue(message.startsWith("cannot read the Snowflake login from Secrets Manager secret " + id
                + ": not valid JSON (line 1, column "), message);
        assertFalse(message.contains(SECRET_PASSWORD), message);
    }

    @Test
    void anUnreachableEndpointIsNamed() throws Exception {
        int closed = LoopbackProcesses.freePort(); // nothing listens there
        URI nowhere = URI.create("http://127.0.0.1:" + closed);
        SecretsManagerReader down = new SecretsManagerReader(Optional.of(nowhere), Optional.of(MotoServer.REGION), moto.credentials());
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> SnowflakeConnection.fromConfig(config(settings("acct", "alice", "", "vantagepoint/x")), down));
        assertTrue(e.getMessage().startsWith("cannot read the Snowflake login from Secrets Manager secret vantagepoint/x:"
                + " cannot call Secrets Manager at " + nowhere + ": "), e.getMessage());
    }

    @Test
    void noPasswordAnywhereSaysWhereItLooked() throws Exception {
        String id = secret("{\"username\": \"u\", \"account\": \"a\"}");
        Path file = writeLoginFile("rw-------", "{\"account\": \"a\"}");
        String message = failure(settings("", "", "", id));
        assertEquals("no Snowflake password or private key (looked in the settings, " + file + ", Secrets Manager secret "
                + id + "): set SNOWFLAKE_PASSWORD or SNOWFLAKE_PRIVATE_KEY_FILE, write " + file
                + ", or name a Secrets Manager secret in vantagepoint.snowflake.secret-id", message);
    }

    @Test
    void aSecretTheCallerMayNotReadIsRefusedWithTheServicesReason() throws Exception {
        // IAM enforced after the three set-up calls: the new user has no policy allowing GetSecretValue.
        try (MotoServer enforcing = MotoServer.start(Map.of("INITIAL_NO_AUTH_ACTION_COUNT", "3"))) {
            AccessKey key;
            try (IamClient iam = IamClient.builder().endpointOverride(enforcing.endpoint()).region(Region.AWS_GLOBAL)
                    .credentialsProvider(enforcing.credentials()).httpClientBuilder(UrlConnectionHttpClient.builder()).build()) {
                iam.createUser(b -> b.userName("publisher"));
                key = iam.createAccessKey(b -> b.userName("publisher")).accessKey();
            }
            enforcing.createSecret("vantagepoint/locked", "{\"password\": \"" + SECRET_PASSWORD + "\"}");
            SecretsManagerReader publisher = new SecretsManagerReader(Optional.of(enforcing.endpoint()), Optional.of(MotoServer.REGION),
                    StaticCredentialsProvider.create(AwsBasicCredentials.create(key.accessKeyId(), key.secretAccessKey())));
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> SnowflakeConnection.fromConfig(config(settings("acct", "alice", "", "vantagepoint/locked")), publisher));
            // AWS answers {"__type": "AccessDeniedException", "Message": ...}, named as such; moto answers this JSON
            // API's refusal in XML, which the SDK cannot parse, so only the status is left to report.
            assertEquals("cannot read the Snowflake login from Secrets Manager secret vantagepoint/locked:"
                    + " access denied (HTTP 403)", e.getMessage());
        }
    }

    // ------------------------------------------------------------------------------------------------ helpers

    private Map<String, Object> settings(String account, String user, String password, String secretId) {
        Map<String, Object> s = new HashMap<>();
        s.put("home", home.toString());
        s.put("snowflake.account", account);
        s.put("snowflake.user", user);
        s.put("snowflake.password", password);
        s.put("snowflake.private-key-file", "");
        s.put("snowflake.secret-id", secretId);
        return s;
    }

    private static Config config(Map<String, Object> settings) {
        return VantageConfig.load(null, settings);
    }

    private static SnowflakeConnection connect(Map<String, Object> settings) {
        return SnowflakeConnection.fromConfig(config(settings), reader());
    }

    private static String failure(Map<String, Object> settings) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> connect(settings));
        assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        return e.getMessage();
    }

    private static SecretsManagerReader reader() {
        return new SecretsManagerReader(Optional.of(moto.endpoint()), Optional.of(MotoServer.REGION), moto.credentials());
    }

    private static String secret(String text) {
        String name = "vantagepoint/snowflake/" + UUID.randomUUID();
        moto.createSecret(name, text);
        return name;
    }

    private Path writeLoginFile(String mode, String json) throws Exception {
        Path file = home.resolve(LoginSources.FILE);
        Files.createDirectories(file.getParent());
        Files.writeString(file, json);
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString(mode));
        return file;
    }
}
