package com.vantagepoint.pipeline.warehouse;

import javax.crypto.Cipher;
import javax.crypto.EncryptedPrivateKeyInfo;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.AlgorithmParameters;
import java.security.GeneralSecurityException;
import java.util.Base64;

/**
 * The Spark connector takes a key-pair key as {@code pem_private_key}: the base64 of an unencrypted PKCS#8 key, while
 * snowflake-jdbc reads the key file (encrypted or not) itself. This turns the configured file into that form,
 * decrypting an encrypted key with its passphrase in memory.
 */
final class PemKeys {
    private static final String PLAIN = "PRIVATE KEY";
    private static final String ENCRYPTED = "ENCRYPTED PRIVATE KEY";

    private PemKeys() {
    }

    /** The file's key as base64 PKCS#8 DER; the messages name the file, never the passphrase or key. */
    static String pkcs8Base64(String file, String passphrase) {
        String pem;
        try {
            pem = Files.readString(Path.of(file), StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read vantagepoint.snowflake.private-key-file " + file + ": " + e.getMessage());
        }
        if (pem.contains("-----BEGIN " + ENCRYPTED + "-----")) {
            if (passphrase == null || passphrase.isEmpty()) {
                throw new IllegalArgumentException("private key file " + file + " is encrypted: set vantagepoint.snowflake.private-key-file-pwd");
            }
            return Base64.getEncoder().encodeToString(decrypt(body(pem, ENCRYPTED), passphrase, file));
        }
        if (pem.contains("-----BEGIN " + PLAIN + "-----")) {
            return Base64.getEncoder().encodeToString(body(pem, PLAIN));
        }
        throw new IllegalArgumentException("private key file " + file + " is not a PKCS#8 PEM key (BEGIN PRIVATE KEY or BEGIN ENCRYPTED PRIVATE KEY)");
    }

    private static byte[] body(String pem, String label) {
        int start = pem.indexOf("-----BEGIN " + label + "-----") + ("-----BEGIN " + label + "-----").length();
        int end = pem.indexOf("-----END " + label + "-----", start);
        return Base64.getMimeDecoder().decode(pem.substring(start, end < 0 ? pem.length() : end));
    }

    /** PBES2 keys as openssl writes them with {@code -v2 aes-256-cbc}; the JDK has no PBES2 with DES. */
    private static byte[] decrypt(byte[] der, String passphrase, String file) {
        try {
            EncryptedPrivateKeyInfo info = new EncryptedPrivateKeyInfo(der);
            AlgorithmParameters params = info.getAlgParameters();
            // For PBES2 the algorithm name is only in the parameters (e.g. PBEWithHmacSHA256AndAES_256).
            String algorithm = params.toString();
            Cipher cipher = Cipher.getInstance(algorithm);
            cipher.init(Cipher.DECRYPT_MODE, SecretKeyFactory.getInstance(algorithm)
                    .generateSecret(new PBEKeySpec(passphrase.toCharArray())), params);
            return info.getKeySpec(cipher).getEncoded();
        } catch (GeneralSecurityException | IOException | RuntimeException e) {
            throw new IllegalArgumentException("cannot decrypt private key file " + file + ": a wrong passphrase, or an"
                    + " encryption other than PBES2 with AES (openssl pkcs8 -topk8 -v2 aes-256-cbc) (" + e.getClass().getSimpleName() + ")");
        }
    }
}
