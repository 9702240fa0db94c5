package com.vantagepoint.pipeline.enrich;

import java.io.Serializable;

/**
 * What a cached result is valid for besides the text itself: the provider, the model (for {@code local}, the
 * analyzer's version) and the prompt version ({@code none} for providers without a prompt).
 */
public record CacheKey(String provider, String model, String promptVersion) implements Serializable {
}
