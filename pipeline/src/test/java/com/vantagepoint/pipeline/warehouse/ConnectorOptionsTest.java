package com.vantagepoint.pipeline.warehouse;

import com.typesafe.config.Config;
import com.vantagepoint.pipeline.SharedSpark;
import com.vantagepoint.scoring.config.VantageConfig;
import com.vantagepoint.scoring.snowflake.SnowflakeConnection;
import org.apache.spark.sql.SparkSession;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/** The Spark connector's options as built from {@code vantagepoint.snowflake}, and the load method's choice. */
class ConnectorOptionsTest {
    private static final String PASSWORD = "pw-Zq81!never-printed";
    private static final String PASSPHRASE = "key-pass-Ux42-never-printed";

    @TempDir
    Path dir;

    private static Map<String, Object> account() {
        Map<String, Object> s = new HashMap<>();
        s.put("snowflake.account", "myorg-acct");
        s.put("snowflake.user", "LOADER");
        s.put("snowflake.password", PASSWORD);
        s.put("snowflake.database", "ANALYTICS");
        s.put("snowflake.schema", "MARTS");
        return s;
    }

    private static ConnectorOptions options(Map<String, Object> settings) {
        Config config = VantageConfig.load(null, settings);
        return ConnectorOptions.of(SnowflakeConnection.fromConfig(config));
    }

    @Test
    void connectsToTheConfiguredAccountAndAppendsByColumnName() {
        Map<String, Object> s = account();
        s.put("snowflake.role", "VP_PUBLISHER");
        s.put("snowflake.warehouse", "VP_WH");
        Map<String, String> o = options(s).forTable("VP_STAGED_RUN_1_ACCOUNT_HEALTH_HISTORY");

        assertEquals("myorg-acct.snowflakecomputing.com:443", o.get("sfURL"));
        assertEquals("myorg-acct", o.get("sfAccount"));
        assertEquals("on", o.get("sfSSL"));
        assertEquals("LOADER", o.get("sfUser"));
        assertEquals(PASSWORD, o.get("sfPassword"));
        assertEquals("ANALYTICS", o.get("sfDatabase"));
        assertEquals("MARTS", o.get("sfSchema"));
        assertEquals("VP_PUBLISHER", o.get("sfRole"));
        assertEquals("VP_WH", o.get("sfWarehouse"));
        assertEquals("VP_STAGED_RUN_1_ACCOUNT_HEALTH_HISTORY", o.get("dbtable"));
        // columns by name, a mismatch is an error, our tables are never truncated or swapped, no row is skipped
        assertEquals("name", o.get("column_mapping"));
        assertEquals("error", o.get("column_mismatch_behavior"));
        assertEquals("off", o.get("keep_column_case"));
        assertEquals("off", o.get("truncate_table"));
        assertEquals("off", o.get("usestagingtable"));
        assertEquals("off", o.get("continue_on_error"));
        assertEquals("UTC", o.get("sfTimezone"));
        assertFalse(o.containsKey("pem_private_key"));
    }

    @Test
    void emptyRoleAndWarehouseLeaveTheUsersDefaultsAndHttpTurnsSslOff() {
        Map<String, Object> s = account();
        s.put("snowflake.host", "127.0.0.1");
        s.put("snowflake.port", 8123);
        s.put("snowflake.protocol", "http");
        Map<String, String> o = options(s).forQuery("SELECT 1");

        assertEquals("127.0.0.1:8123", o.get("sfURL"));
        assertEquals("off", o.get("sfSSL"));
        assertEquals("SELECT 1", o.get("query"));
        assertFalse(o.containsKey("sfRole"));
        assertFalse(o.containsKey("sfWarehouse"));
        assertFalse(o.containsKey("dbtable"));
    }

    @Test
    void theRedactedFormHidesThePassword() {
        String shown = options(account()).toString();
        assertFalse(shown.contains(PASSWORD), shown);
        assertTrue(shown.contains("sfPassword=***"), shown);
        assertTrue(shown.contains("sfUser=LOADER") && shown.contains("sfURL=myorg-acct.snowflakecomputing.com:443"), shown);
    }

    @Test
    void keyPairAuthenticationPassesTheKeyNotThePassword() throws Exception {
        KeyPair key = rsaKey();
        Path file = dir.resolve("rsa_key.p8");
        Files.writeString(file, pem("PRIVATE KEY", key.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Map<String, Object> s = account();
        s.put("snowflake.password", "");
        s.put("snowflake.private-key-file", file.toString());
        ConnectorOptions options = options(s);

        assertEquals(Base64.getEncoder().encodeToString(key.getPrivate().getEncoded()), options.options().get("pem_private_key"));
        assertFalse(options.options().containsKey("sfPassword"));
        String shown = options.toString();
        assertTrue(shown.contains("pem_private_key=***"), shown);
        assertFalse(shown.contains(options.options().get("pem_private_key").substring(0, 40)), shown);
    }

    @Test
    void anEncryptedKeyIsDecryptedWithItsPassphrase() throws Exception {
        Path plain = dir.resolve("plain.p8");
        KeyPair key = rsaKey();
        Files.writeString(plain, pem("PRIVATE KEY", key.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Path encrypted = opensslEncrypt(plain);
        Map<String, Object> s = account();
        s.put("snowflake.password", "");
        s.put("snowflake.private-key-file", encrypted.toString());
        s.put("snowflake.private-key-file-pwd", PASSPHRASE);

        assertEquals(Base64.getEncoder().encodeToString(key.getPrivate().getEncoded()), options(s).options().get("pem_private_key"));

        s.put("snowflake.private-key-file-pwd", "wrong-" + PASSPHRASE);
        IllegalArgumentException wrong = assertThrows(IllegalArgumentException.class, () -> options(s));
        assertTrue(wrong.getMessage().contains(encrypted.toString()), wrong.getMessage());
        assertFalse(wrong.getMessage().contains(PASSPHRASE), wrong.getMessage());

        s.put("snowflake.private-key-file-pwd", "");
        IllegalArgumentException none = assertThrows(IllegalArgumentException.class, () -> options(s));
        assertTrue(none.getMessage().contains("private-key-file-pwd"), none.getMessage());
    }

    @Test
    void aKeyEncryptedWithDesIsRefusedSayingWhatWorks() throws Exception {
        Path plain = dir.resolve("plain.p8");
        Files.writeString(plain, pem("PRIVATE KEY", rsaKey().getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Map<String, Object> s = account();
        s.put("snowflake.password", "");
        s.put("snowflake.private-key-file", openssl(plain, "des3").toString());
        s.put("snowflake.private-key-file-pwd", PASSPHRASE);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> options(s));
        assertTrue(e.getMessage().contains("-v2 aes-256-cbc"), e.getMessage());
        assertFalse(e.getMessage().contains(PASSPHRASE), e.getMessage());
    }

    @Test
    void sparkPlansRedactTheKeyPairSecretsToo() {
        SparkSession spark = SharedSpark.spark();
        ConnectorOptions.redactInPlans(spark);
        scala.collection.immutable.Map<String, String> options = scala.collection.immutable.Map$.MODULE$.<String, String>empty()
                .$plus(new scala.Tuple2<>("pem_private_key", "MIIEvQIBADANBg"))
                .$plus(new scala.Tuple2<>("private_key_file_pwd", PASSPHRASE))
                .$plus(new scala.Tuple2<>("sfPassword", PASSWORD))
                .$plus(new scala.Tuple2<>("sfUser", "LOADER"));
        String shown = spark.sessionState().conf().redactOptions(options).toString();
        for (String secret : List.of("MIIEvQIBADANBg", PASSPHRASE, PASSWORD)) {
            assertFalse(shown.contains(secret), shown);
        }
        assertTrue(shown.contains("LOADER"), shown);
    }

    @Test
    void autoLoadsWithCopyOnALocalMasterAndAnUnknownMethodIsRefused() {
        assertEquals(LoadMethod.COPY, LoadMethod.AUTO.resolve(SharedSpark.spark()));
        assertEquals(LoadMethod.CONNECTOR, LoadMethod.parse("connector").resolve(SharedSpark.spark()));
        assertEquals(LoadMethod.COPY, LoadMethod.parse(" Copy ").resolve(SharedSpark.spark()));

        Map<String, Object> s = account();
        s.put("snowflake.load-method", "bulk");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> SnowflakeWarehouse.fromConfig(VantageConfig.load(null, s)));
        assertEquals("vantagepoint.snowflake.load-method must be connector, copy or auto, got bulk", e.getMessage());
    }

    private static KeyPair rsaKey() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static String pem(String label, byte[] der) {
        return "-----BEGIN " + label + "-----\n" + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                .encodeToString(der) + "\n-----END " + label + "-----\n";
    }

    /** Encrypted with AES, the form the JDK can decrypt. */
    private Path opensslEncrypt(Path plain) throws Exception {
        return openssl(plain, "aes-256-cbc");
    }

    /** The way Snowflake's key-pair guide encrypts a key ({@code openssl pkcs8 -topk8 -v2 CIPHER}). */
    private Path openssl(Path plain, String cipher) throws Exception {
        Path out = dir.resolve(cipher + ".p8");
        Process p;
        try {
            p = new ProcessBuilder("openssl", "pkcs8", "-topk8", "-v2", cipher, "-inform", "PEM", "-in",
                    plain.toString(), "-out", out.toString(), "-passout", "pass:" + PASSPHRASE).redirectErrorStream(true).start();
        } catch (java.io.IOException e) {
            assumeTrue(false, "openssl is not installed");
            throw e;
        }
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.waitFor(), output);
        assertTrue(Files.readString(out).contains("BEGIN ENCRYPTED PRIVATE KEY"));
        return out;
    }
}
