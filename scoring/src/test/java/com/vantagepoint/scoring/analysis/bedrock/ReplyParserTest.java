package com.vantagepoint.scoring.analysis.bedrock;

import com.vantagepoint.scoring.analysis.ComplaintCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class ReplyParserTest {
    private static final Set<String> IDS = Set.of("t1", "t2");

    @Test
    void acceptsTheAskedForShapeAsIs() throws Exception {
        Map<String, ReplyParser.Item> r = ReplyParser.parse("""
                {"results":[{"id":"t1","sentiment":-0.4,"category":"billing","confidence":0.9,"evidence":["charged twice"]},
                            {"id":"t2","sentiment":0.2,"category":"feature_request","confidence":0.6,"evidence":[]}]}""", IDS);
        assertEquals(2, r.size());
        assertFalse(r.get("t1").repaired());
        assertEquals(-0.4, r.get("t1").analysis().sentiment());
        assertEquals(ComplaintCategory.BILLING, r.get("t1").analysis().category());
        assertEquals(ComplaintCategory.FEATURE_REQUEST, r.get("t2").analysis().category());
    }

    @Test
    void toleratesProseAndFencesButMarksRepaired() throws Exception {
        String json = "{\"results\":[{\"id\":\"t1\",\"sentiment\":0.5,\"category\":\"general\",\"confidence\":0.5}]}";
        for (String reply : new String[]{"Here you go:\n" + json + "\nHope it helps!", "```json\n" + json + "\n```"}) {
            ReplyParser.Item item = ReplyParser.parse(reply, IDS).get("t1");
            assertTrue(item.repaired(), reply);
            assertEquals(0.5, item.analysis().sentiment());
        }
    }

    @Test
    void clampsOutOfRangeNumbers() throws Exception {
        Map<String, ReplyParser.Item> r = ReplyParser.parse(
                "{\"results\":[{\"id\":\"t1\",\"sentiment\":7,\"category\":\"bugs\",\"confidence\":3},"
                        + "{\"id\":\"t2\",\"sentiment\":-1.5,\"category\":\"bugs\",\"confidence\":-1}]}", IDS);
        assertEquals(1.0, r.get("t1").analysis().sentiment());
        assertEquals(1.0, r.get("t1").analysis().confidence());
        assertEquals(-1.0, r.get("t2").analysis().sentiment());
        assertEquals(0.0, r.get("t2").analysis().confidence());
        assertTrue(r.get("t1").repaired() && r.get("t2").repaired());
    }

    @ParameterizedTest
    @CsvSource({
            "bug, bugs", "Bugs, bugs", "crash, bugs", "invoice, billing", "Pricing, billing", "slow, performance",
            "enhancement, feature_request", "setup, onboarding", "SSO, security", "data integrity, data_quality",
            "praise, general", "customer-mood, general", "'', general", "app crashes on login, bugs",
    })
    void mapsSynonymAndUnknownCategories(String label, String expected) throws Exception {
        ReplyParser.Item item = ReplyParser.parse(
                "{\"results\":[{\"id\":\"t1\",\"sentiment\":0,\"category\":\"" + label + "\",\"confidence\":0.5}]}", IDS).get("t1");
        assertEquals(expected, item.analysis().category().label());
        boolean canonical = ComplaintCategory.fromLabel(label).isPresent();
        assertEquals(!canonical, item.repaired(), label);
    }

    @Test
    void ignoresIdsNotAskedForAndDuplicates() throws Exception {
        Map<String, ReplyParser.Item> r = ReplyParser.parse("""
                {"results":[{"id":"t1","sentiment":0.1,"category":"general","confidence":0.5},
                            {"id":"t1","sentiment":0.9,"category":"general","confidence":0.5},
                            {"id":"t9","sentiment":0.3,"category":"general","confidence":0.5}]}""", IDS);
        assertEquals(Set.of("t1"), r.keySet());
        assertEquals(0.1, r.get("t1").analysis().sentiment());
    }

    @Test
    void dropsResultsWithoutAUsableSentiment() throws Exception {
        Map<String, ReplyParser.Item> r = ReplyParser.parse("""
                {"results":[{"id":"t1","sentiment":"very bad","category":"general"},
                            {"id":"t2","sentiment":"-0.25","category":"general","confidence":0.5}]}""", IDS);
        assertEquals(Set.of("t2"), r.keySet());
        assertEquals(-0.25, r.get("t2").analysis().sentiment());
        assertTrue(r.get("t2").repaired(), "a number as a string is a repair");
    }

    @Test
    void acceptsABareArrayAsARepair() throws Exception {
        ReplyParser.Item item = ReplyParser.parse("[{\"id\":\"t2\",\"sentiment\":0.3,\"category\":\"security\",\"confidence\":0.7}]", IDS).get("t2");
        assertTrue(item.repaired());
        assertEquals(ComplaintCategory.SECURITY, item.analysis().category());
    }

    @Test
    void rejectsRepliesWithoutJsonOrUsableResults() {
        assertThrows(ReplyParser.InvalidReplyException.class, () -> ReplyParser.parse("I cannot help with that.", IDS));
        assertThrows(ReplyParser.InvalidReplyException.class, () -> ReplyParser.parse("", IDS));
        assertThrows(ReplyParser.InvalidReplyException.class, () -> ReplyParser.parse("{\"results\":[]}", IDS));
        assertThrows(ReplyParser.InvalidReplyException.class, () -> ReplyParser.parse("{\"results\":[{\"id\":\"t1\"", IDS));
        assertThrows(ReplyParser.InvalidReplyException.class,
                () -> ReplyParser.parse("{\"results\":[{\"id\":\"t1\",\"sentiment\":NaN}]}", IDS));
    }

    @Test
    void boundsEvidence() throws Exception {
        String longQuote = "x".repeat(500);
        ReplyParser.Item item = ReplyParser.parse("{\"results\":[{\"id\":\"t1\",\"sentiment\":0,\"category\":\"general\","
                + "\"confidence\":0.5,\"evidence\":[\"a\",\"b\",\"c\",\"d\",\"" + longQuote + "\"]}]}", IDS).get("t1");
        assertEquals(3, item.analysis().evidence().size());
        ReplyParser.Item item2 = ReplyParser.parse("{\"results\":[{\"id\":\"t1\",\"sentiment\":0,\"category\":\"general\","
                + "\"confidence\":0.5,\"evidence\":[\"" + longQuote + "\"]}]}", IDS).get("t1");
        assertEquals(200, item2.analysis().evidence().get(0).length());
    }
}
