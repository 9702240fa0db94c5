package com.vantagepoint.scoring.analysis.bedrock;

import java.util.Objects;

/**
 * One text to enrich. The id is the caller's (e.g. an interaction id); it never leaves the JVM —
 * prompts use short positional ids that are mapped back.
 */
public record TextItem(String id, String text) {
    public TextItem {
        Objects.requireNonNull(id, "id");
        text = text == null ? "" : text;
    }
}
