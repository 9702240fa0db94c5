package com.vantagepoint.scoring.analysis;

import java.util.Locale;
import java.util.Set;

/**
 * The part of a message its writer wrote now: without quoted earlier messages ("> ..." lines and the
 * "On ..., X wrote:" line above them), a signature ("--" and what follows), a closing ("Best,", "Kind regards,"
 * and the name lines under it) and an opening greeting line ("Hi Jen,"). Politeness and other people's words
 * otherwise read as the writer's sentiment. A one-line text is returned as it is, without copying.
 */
final class MessageBody {
    private static final Set<String> CLOSINGS = Set.of("best", "best regards", "kind regards", "regards", "warm regards",
            "many thanks", "thanks", "thank you", "thanks again", "cheers", "best wishes", "all the best", "sincerely",
            "yours sincerely", "rgds", "br", "thx", "ta", "talk soon", "speak soon", "with thanks", "thanks in advance");
    private static final Set<String> GREETINGS = Set.of("hi", "hello", "hey", "dear", "morning", "good morning",
            "afternoon", "good afternoon", "evening", "hiya", "greetings");
    /** A closing line is followed by at most this many short lines (name, title, company, phone). */
    private static final int MAX_SIGNATURE_LINES = 5;
    private static final int MAX_SIGNATURE_LINE_CHARS = 60;
    /** Longer lines are sentences, not a greeting ("Hi Jen,") or a closing ("Many thanks and have a lovely weekend!"). */
    private static final int MAX_GREETING_CHARS = 48;
    private static final int MAX_CLOSING_CHARS = 50;

    private MessageBody() {
    }

    static String of(String text) {
        if (text == null || text.indexOf('\n') < 0 && !text.startsWith(">")) {
            return text;
        }
        String[] lines = text.split("\r?\n", -1);
        int end = lines.length;
        for (int i = 0; i < end; i++) {
            if (lines[i].strip().equals("--") || lines[i].strip().equals("-- ")) {
                end = i;
            }
        }
        end = withoutClosing(lines, end);
        StringBuilder body = new StringBuilder(text.length());
        for (int i = 0; i < end; i++) {
            String line = lines[i].strip();
            if (line.startsWith(">") || isQuoteHeader(line) || body.isEmpty() && isGreeting(line)) {
                continue;
            }
            if (!line.isEmpty()) {
                body.append(line).append('\n');
            }
        }
        return body.toString();
    }

    /** The end of the body when its last lines are a closing and a few short name lines; else {@code end}. */
    private static int withoutClosing(String[] lines, int end) {
        int last = end - 1;
        while (last >= 0 && lines[last].isBlank()) {
            last--;
        }
        for (int i = last, seen = 0; i >= 0 && seen <= MAX_SIGNATURE_LINES; i--) {
            String line = lines[i].strip();
            if (line.isEmpty()) {
                continue;
            }
            if (isClosing(line)) {
                return i;
            }
            if (line.length() > MAX_SIGNATURE_LINE_CHARS || line.endsWith(".") || line.endsWith("?")) {
                return end;
            }
            seen++;
        }
        return end;
    }

    private static boolean isClosing(String line) {
        String words = normalized(line);
        if (CLOSINGS.contains(words)) {
            return true;
        }
        // "Many thanks and have a lovely weekend!", "Thanks a million,": a short thank-you line at the very end.
        return line.length() <= MAX_CLOSING_CHARS && (words.startsWith("thanks ") || words.startsWith("many thanks ")
                || words.startsWith("best ") || words.startsWith("kind regards "));
    }

    private static boolean isGreeting(String line) {
        if (line.length() > MAX_GREETING_CHARS || !(line.endsWith(",") || line.endsWith("!") || line.endsWith("—"))) {
            return false;
        }
        String words = normalized(line);
        int space = words.indexOf(' ');
        return GREETINGS.contains(words) || space > 0 && (GREETINGS.contains(words.substring(0, space))
                || words.startsWith("good morning ") || words.startsWith("good afternoon "));
    }

    private static boolean isQuoteHeader(String line) {
        return line.startsWith("On ") && line.endsWith("wrote:") || line.startsWith("-----Original Message")
                || line.startsWith("From: ") || line.startsWith("Sent: ");
    }

    /** Lower case, punctuation to spaces, single spaces, trimmed. */
    private static String normalized(String line) {
        StringBuilder sb = new StringBuilder(line.length());
        boolean space = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                if (space && !sb.isEmpty()) {
                    sb.append(' ');
                }
                sb.append(Character.toLowerCase(c));
                space = false;
            } else {
                space = true;
            }
        }
        return sb.toString().toLowerCase(Locale.ROOT);
    }
}
