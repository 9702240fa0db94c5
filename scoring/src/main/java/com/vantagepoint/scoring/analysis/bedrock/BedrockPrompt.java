package com.vantagepoint.scoring.analysis.bedrock;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The versioned prompt ({@code enrichment.bedrock.prompt-version}; text in
 * {@code prompts/<version>-system.txt} and {@code <version>-user.txt} beside this class).
 * Transcripts are untrusted: each is wrapped in {@code <transcript id="tN">} tags, and angle brackets
 * inside the text are escaped so it can neither close its own tag nor open another.
 */
public final class BedrockPrompt {
    /** Longest transcript text sent; longer text is cut (the cost of a runaway body stays bounded). */
    public static final int MAX_CHARS_PER_TRANSCRIPT = 6000;
    private static final Pattern SAFE_VERSION = Pattern.compile("[A-Za-z0-9._-]+");

    private final String version;
    private final String system;
    private final String userTemplate;

    private BedrockPrompt(String version, String system, String userTemplate) {
        this.version = version;
        this.system = system;
        this.userTemplate = userTemplate;
    }

    public static BedrockPrompt load(String version) {
        if (!SAFE_VERSION.matcher(version).matches()) {
            throw new IllegalArgumentException("enrichment.bedrock.prompt-version: bad version '" + version + "'");
        }
        return new BedrockPrompt(version, resource(version + "-system.txt"), resource(version + "-user.txt"));
    }

    public String version() {
        return version;
    }

    public String system() {
        return system;
    }

    /** The id used for the transcript at {@code index} (0-based) within one request. */
    public static String promptId(int index) {
        return "t" + (index + 1);
    }

    /** The user message for these (already redacted) texts, ids {@code t1..tN} in order. */
    public String user(List<String> texts) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < texts.size(); i++) {
            if (i > 0) {
                sb.append("\n\n");
            }
            sb.append("<transcript id=\"").append(promptId(i)).append("\">\n")
                    .append(neutralize(texts.get(i)))
                    .append("\n</transcript>");
        }
        return userTemplate.replace("{{COUNT}}", Integer.toString(texts.size())).replace("{{TRANSCRIPTS}}", sb.toString());
    }

    /** Escapes angle brackets (no tag can be closed or opened from inside) and bounds the length. */
    static String neutralize(String text) {
        String t = text.length() > MAX_CHARS_PER_TRANSCRIPT ? text.substring(0, MAX_CHARS_PER_TRANSCRIPT) : text;
        return t.replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String resource(String name) {
        String path = "prompts/" + name;
        try (InputStream in = BedrockPrompt.class.getResourceAsStream(path)) {
            if (in == null) {
                throw new IllegalArgumentException("enrichment.bedrock.prompt-version: no prompt resource " + path);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
