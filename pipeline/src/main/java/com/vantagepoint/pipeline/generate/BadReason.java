package com.vantagepoint.pipeline.generate;

import java.util.Locale;

/** The reject reason codes of staging that the generator plants. */
public enum BadReason {
    MALFORMED_JSON, MISSING_KEY, BAD_TYPE, BAD_VALUE, UNKNOWN_ACCOUNT, UNKNOWN_OPPORTUNITY, UNATTRIBUTED, DUPLICATE;

    static final BadReason[] ACCOUNTS = {MALFORMED_JSON, MISSING_KEY, BAD_TYPE, BAD_VALUE, DUPLICATE};
    static final BadReason[] OPPORTUNITIES = {MALFORMED_JSON, MISSING_KEY, BAD_TYPE, BAD_VALUE, UNKNOWN_ACCOUNT, DUPLICATE};
    static final BadReason[] USAGE = {MALFORMED_JSON, MISSING_KEY, BAD_TYPE, BAD_VALUE, UNKNOWN_ACCOUNT, DUPLICATE};
    static final BadReason[] TRANSCRIPTS = values();

    public String code() {
        return name().toLowerCase(Locale.ROOT);
    }
}
