package com.vantagepoint.pipeline.staging;

import org.apache.spark.sql.Row;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The line parser of staging: from_json's all-string semantics, and malformed means "not exactly one object". */
class JsonObjectParserTest {
    private final JsonObjectParser parser = new JsonObjectParser(List.of("id", "amount", "flag", "note"));

    @Test
    void keepsEveryValueAsItsTextSoWrongTypesStayVisible() {
        Row r = parser.parse("{\"id\":\"A-1\",\"amount\":12.50,\"flag\":true,\"note\":null}");
        assertEquals("A-1", r.getString(0));
        assertEquals("12.50", r.getString(1));
        assertEquals("true", r.getString(2));
        assertNull(r.get(3));
    }

    @Test
    void objectsAndArraysBecomeTheirJsonText() {
        Row r = parser.parse("{\"id\":{\"nested\":[1,2]},\"amount\":[\"x\"]}");
        assertEquals("{\"nested\":[1,2]}", r.getString(0));
        assertEquals("[\"x\"]", r.getString(1));
    }

    @Test
    void ignoresUnknownFieldsOfAnyShapeAndTakesTheLastOfRepeatedNames() {
        Row r = parser.parse("{\"extra\":{\"deep\":{\"id\":\"no\"}},\"id\":\"first\",\"list\":[{\"id\":1}],\"id\":\"last\"}");
        assertEquals("last", r.getString(0));
        assertNull(r.get(1));
    }

    @Test
    void escapesAndUnicodeAreDecoded() {
        assertEquals("quote \" tab \t é 😀", parser.parse("{\"id\":\"quote \\\" tab \\t \\u00e9 😀\"}").getString(0));
    }

    @Test
    void anythingButExactlyOneObjectIsMalformed() {
        for (String line : List.of("not json", "{\"id\":\"A\"", "[{\"id\":\"A\"}]", "\"A\"", "42", "{\"id\":'A'}",
                "{\"id\":\"A\"} trailing", "{\"id\":\"A\"}{\"id\":\"B\"}", "{id:\"A\"}", "{\"id\":NaN}")) {
            assertNull(parser.parse(line), line);
        }
    }

    @Test
    void surroundingWhitespaceIsFine() {
        assertEquals("A", parser.parse("  {\"id\" : \"A\"}\t ").getString(0));
    }
}
