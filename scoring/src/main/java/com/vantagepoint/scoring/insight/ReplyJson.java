package com.vantagepoint.scoring.insight;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reading a model's JSON reply and checking its figures, shared by the insight and portfolio providers. */
final class ReplyJson {
    private static final ObjectMapper REPLY_JSON = new ObjectMapper();
    private static final Pattern NUMBER = Pattern.compile("-?\\d+(?:\\.\\d+)?");

    private ReplyJson() {
    }

    /** The JSON object in a reply (prose around it tolerated), parsed; null when there is none or it does not parse. */
    static JsonNode jsonObject(String reply) {
        int from = reply.indexOf('{');
        int to = reply.lastIndexOf('}');
        if (from < 0 || to <= from) {
            return null;
        }
        try {
            return REPLY_JSON.readTree(reply.substring(from, to + 1));
        } catch (IOException e) {
            return null;
        }
    }

    /**
     * True when every number stated in {@code text} appears in {@code source} (within rounding), small whole
     * numbers (up to 10: "2-3 weeks") aside.
     */
    static boolean grounded(String text, String source) {
        List<Double> known = numbers(source);
        for (Double n : numbers(text)) {
            boolean small = n == Math.rint(n) && Math.abs(n) <= 10;
            if (!small && known.stream().noneMatch(k -> Math.abs(k - n) <= 0.051)) {
                return false;
            }
        }
        return true;
    }

    private static List<Double> numbers(String text) {
        List<Double> out = new ArrayList<>();
        Matcher m = NUMBER.matcher(text.toLowerCase(Locale.ROOT));
        while (m.find()) {
            out.add(Double.parseDouble(m.group()));
        }
        return out;
    }
}
