package com.vantagepoint.scoring.analysis.bedrock;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Replaces personal data with placeholders before text leaves for a remote model:
 * e-mail addresses → {@code [EMAIL]}, card-like numbers (13–19 digits, optionally grouped with
 * spaces or dashes, Luhn-valid) → {@code [CARD]}, phone numbers → {@code [PHONE]}.
 * Cards are matched before phones so a card is never half-redacted as a phone. Dates, amounts,
 * version numbers and short ids are left alone. Stateless and thread-safe.
 */
public final class PiiRedactor {
    public static final String EMAIL = "[EMAIL]";
    public static final String PHONE = "[PHONE]";
    public static final String CARD = "[CARD]";

    private static final Pattern EMAIL_PATTERN = Pattern.compile(
            "(?<![\\w.%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\\.[A-Za-z0-9-]+)*\\.[A-Za-z]{2,}(?![\\w-])");
    /** 13–19 digits, each optionally followed by a single space or dash, not glued to other digits/letters. */
    private static final Pattern CARD_PATTERN = Pattern.compile("(?<![\\w.-])\\d(?:[ -]?\\d){12,18}(?![\\w]|[.,]\\d)");
    /**
     * Phone candidates: optional +country code, optional (area), then digit groups separated by a
     * space, dot or dash. Checked afterwards for a plausible digit count and shape.
     */
    private static final Pattern PHONE_PATTERN = Pattern.compile(
            "(?<![\\w.+-])(?:\\+\\d{1,3}[ .-]?)?(?:\\(\\d{1,4}\\)[ .-]?)?\\d{2,4}(?:[ .-]?\\d{2,4}){1,4}(?![\\w]|[.,-]\\d)");
    private static final Pattern DATE_LIKE = Pattern.compile(
            "\\d{4}[-./]\\d{1,2}[-./]\\d{1,2}|\\d{1,2}[-./]\\d{1,2}[-./]\\d{2,4}|(?:19|20)\\d{2} ?[-/] ?(?:19|20)?\\d{2}");

    private PiiRedactor() {
    }

    public static String redact(String text) {
        if (text == null || text.isEmpty()) {
            return text;
        }
        String out = EMAIL_PATTERN.matcher(text).replaceAll(Matcher.quoteReplacement(EMAIL));
        out = replace(out, CARD_PATTERN, PiiRedactor::isCard, CARD);
        out = replace(out, PHONE_PATTERN, PiiRedactor::isPhone, PHONE);
        return out;
    }

    private interface Check {
        boolean test(String candidate);
    }

    private static String replace(String text, Pattern pattern, Check check, String placeholder) {
        Matcher m = pattern.matcher(text);
        StringBuilder sb = new StringBuilder(text.length());
        boolean changed = false;
        while (m.find()) {
            if (check.test(m.group())) {
                m.appendReplacement(sb, Matcher.quoteReplacement(placeholder));
                changed = true;
            }
        }
        if (!changed) {
            return text;
        }
        m.appendTail(sb);
        return sb.toString();
    }

    static boolean isCard(String candidate) {
        String digits = candidate.replaceAll("[^0-9]", "");
        return digits.length() >= 13 && digits.length() <= 19 && luhnValid(digits);
    }

    static boolean isPhone(String candidate) {
        String digits = candidate.replaceAll("[^0-9]", "");
        if (digits.length() < 7 || digits.length() > 15 || DATE_LIKE.matcher(candidate).matches()) {
            return false;
        }
        boolean international = candidate.startsWith("+");
        boolean area = candidate.contains("(");
        boolean separated = candidate.matches(".*\\d[ .-]\\d.*");
        if (!international && !area && !separated) {
            // A bare run of digits is a phone only at national-number length (e.g. 5551234567).
            return digits.length() >= 10;
        }
        // "1.5" style decimals and dotted versions with short groups are not phones.
        if (!international && !area && candidate.matches("[\\d.]+") && candidate.matches(".*\\.\\d{1,2}(\\.|$).*")) {
            return false;
        }
        return true;
    }

    /** The Luhn checksum used by payment cards. */
    static boolean luhnValid(String digits) {
        int sum = 0;
        boolean doubleIt = false;
        for (int i = digits.length() - 1; i >= 0; i--) {
            int d = digits.charAt(i) - '0';
            if (doubleIt) {
                d *= 2;
                if (d > 9) {
                    d -= 9;
                }
            }
            sum += d;
            doubleIt = !doubleIt;
        }
        return sum % 10 == 0;
    }
}
