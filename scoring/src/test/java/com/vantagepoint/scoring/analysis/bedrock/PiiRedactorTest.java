package com.vantagepoint.scoring.analysis.bedrock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PiiRedactorTest {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mail jane.doe@example.com today|mail [EMAIL] today",
            "CC: Ops.Team+alerts@corp.example.co.uk, thanks|CC: [EMAIL], thanks",
            "<bob_99@mail.example.org>|<[EMAIL]>",
    })
    void redactsEmailAddresses(String in, String out) {
        assertEquals(out, PiiRedactor.redact(in));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "call +1 (555) 201-7788 now|call [PHONE] now",
            "call 555-201-7788.|call [PHONE].",
            "call 555.201.7788|call [PHONE]",
            "call (555) 201 7788|call [PHONE]",
            "UK office +44 20 7946 0958 ok|UK office [PHONE] ok",
            "mobile 5552017788|mobile [PHONE]",
            "Berlin +49 30 901820|Berlin [PHONE]",
    })
    void redactsPhoneNumbers(String in, String out) {
        assertEquals(out, PiiRedactor.redact(in));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "card 4111 1111 1111 1111 declined|card [CARD] declined",
            "card 4111-1111-1111-1111|card [CARD]",
            "card 4111111111111111|card [CARD]",
            "amex 3782 822463 10005 ok|amex [CARD] ok",
            "mc 5500 0000 0000 0004, visa 4012888888881881|mc [CARD], visa [CARD]",
    })
    void redactsLuhnValidCardNumbers(String in, String out) {
        assertEquals(out, PiiRedactor.redact(in));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "renewal on 2024-01-15 for 1200 USD",
            "error rate 0.05 after upgrading to version 3.2.1",
            "ticket 48213 and order 1234",
            "we have 250 users and 12 admins",
            "uptime was 99.95% over 30 days",
            "invoice INV-2024-0042",
            "the 2023-2024 contract and the 2025/26 plan",
            "server 192.168.0.1 on port 8443",
            "revenue of 1,200,000 in 15.04.2025",
    })
    void leavesOrdinaryNumbersAlone(String text) {
        assertEquals(text, PiiRedactor.redact(text));
    }

    @Test
    void aCardLikeNumberFailingLuhnIsNotACard() {
        String out = PiiRedactor.redact("ref 1234 5678 9012 3456");
        assertFalse(out.contains("[CARD]"), out);
    }

    @Test
    void luhn() {
        assertTrue(PiiRedactor.luhnValid("4111111111111111"));
        assertTrue(PiiRedactor.luhnValid("378282246310005"));
        assertFalse(PiiRedactor.luhnValid("4111111111111112"));
    }

    @Test
    void redactsEverythingInOneText() {
        String out = PiiRedactor.redact("I'm jane@x.io, +1 555 201 7788, card 4111 1111 1111 1111 — the app is slow.");
        assertEquals("I'm [EMAIL], [PHONE], card [CARD] — the app is slow.", out);
    }

    @Test
    void nullAndEmptyPassThrough() {
        assertEquals("", PiiRedactor.redact(""));
        assertEquals(null, PiiRedactor.redact(null));
    }
}
