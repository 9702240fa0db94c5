package com.vantagepoint.scoring.config;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Fingerprints of text (definitions, inputs, rules): one way to hash them. */
public final class Digests {
    private Digests() {
    }

    /** The SHA-256 of the text's UTF-8 bytes, in lower-case hex (64 characters). */
    public static String sha256Hex(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}
