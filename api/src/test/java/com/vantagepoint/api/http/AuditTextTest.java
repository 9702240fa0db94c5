package com.vantagepoint.api.http;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

class AuditTextTest {
    @Test
    void aNewlineOrNulCannotForgeAnAuditLine() {
        assertEquals("evil\\u000a2026-12-02 login user=admin", AuditText.of("evil\n2026-12-02 login user=admin"));
        assertEquals("a\\u0000b\\u005cc", AuditText.of("a\u0000b\\c"));
        assertEquals("Zoë", AuditText.of("Zoë"));
    }
}
