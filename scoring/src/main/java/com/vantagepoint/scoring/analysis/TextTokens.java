package com.vantagepoint.scoring.analysis;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;

/**
 * One text split into word tokens in a single pass over its characters (no regular expressions): lower-cased
 * form, light stem, character span, ALL-CAPS flag, and the clause and sentence each token belongs to. Also counts
 * '!' and '?'. Not thread-safe; one instance per analysis.
 */
final class TextTokens {
    /** Emoticons recognised as tokens, longest first (looked up in the lexicon as written). */
    private static final String[] EMOTICONS = {":-)", ":-(", ":-D", ";-)", ":'(", ":)", ":(", ":D", ";)", "<3", ":P", ":|"};

    final String text;
    int size;
    String[] lower = new String[32];
    String[] stem = new String[32];
    int[] start = new int[32];
    int[] end = new int[32];
    boolean[] caps = new boolean[32];
    int[] clause = new int[32];
    int[] sentence = new int[32];
    int exclamations;
    int questions;
    int sentences;
    /** Sentences that end with '?'. */
    int questionSentences;
    /** True when every word token with two or more letters is upper case (then caps carry no emphasis). */
    boolean allCaps;

    private TextTokens(String text) {
        this.text = text;
    }

    static TextTokens of(String text) {
        TextTokens t = new TextTokens(text == null ? "" : text);
        t.scan();
        return t;
    }

    private void scan() {
        String s = text;
        int n = s.length();
        int clauseId = 0;
        int sentenceId = 0;
        boolean sentenceHasTokens = false;
        int capsWords = 0;
        int longWords = 0;
        StringBuilder word = new StringBuilder(24);
        int i = 0;
        while (i < n) {
            char c = s.charAt(i);
            if (i == 0 || Character.isWhitespace(s.charAt(i - 1))) {
                int chunkEnd = i; // scanned no further than the longest emoticon: longer chunks are words
                while (chunkEnd < n && chunkEnd - i <= Emoticons.LONGEST && !Character.isWhitespace(s.charAt(chunkEnd))) {
                    chunkEnd++;
                }
                String emoticon = Emoticons.standalone(s, i, chunkEnd);
                if (emoticon != null) {
                    add(emoticon, i, chunkEnd, false, clauseId, sentenceId);
                    sentenceHasTokens = true;
                    i = chunkEnd;
                    continue;
                }
            }
            if (Character.isLetterOrDigit(c)) {
                int begin = i;
                word.setLength(0);
                int letters = 0;
                int upper = 0;
                while (i < n) {
                    char d = s.charAt(i);
                    if (Character.isLetterOrDigit(d)) {
                        if (Character.isLetter(d)) {
                            letters++;
                            if (Character.isUpperCase(d)) {
                                upper++;
                            }
                        }
                        word.append(Character.toLowerCase(d));
                        i++;
                    } else if ((d == '\'' || d == '\u2019') && i + 1 < n && Character.isLetter(s.charAt(i + 1))) {
                        word.append('\'');
                        i++;
                    } else if ((d == '.' || d == ',') && i + 1 < n && Character.isDigit(s.charAt(i + 1))
                            && Character.isDigit(s.charAt(i - 1))) {
                        word.append(d); // 1.0, 4,800
                        i++;
                    } else {
                        break;
                    }
                }
                boolean isCaps = letters >= 2 && upper == letters;
                if (letters >= 2) {
                    longWords++;
                    if (isCaps) {
                        capsWords++;
                    }
                }
                add(word.toString(), begin, i, isCaps, clauseId, sentenceId);
                sentenceHasTokens = true;
                continue;
            }
            String emoticon = emoticonAt(s, i);
            if (emoticon != null) {
                add(emoticon, i, i + emoticon.length(), false, clauseId, sentenceId);
                sentenceHasTokens = true;
                i += emoticon.length();
                continue;
            }
            if (Character.isHighSurrogate(c) || c == '\u2764' || c == '\u2639' || c == '\u263A') {
                int cp = s.codePointAt(i);
                String emoji = Emoji.token(cp);
                if (emoji != null) {
                    add(emoji, i, i + Character.charCount(cp), false, clauseId, sentenceId);
                    sentenceHasTokens = true;
                }
                i += Character.charCount(cp);
                continue;
            }
            switch (c) {
                case '!' -> {
                    exclamations++;
                    if (sentenceHasTokens) {
                        sentenceId++;
                        sentenceHasTokens = false;
                    }
                    clauseId++;
                }
                case '?' -> {
                    questions++;
                    if (sentenceHasTokens) {
                        questionSentences++;
                        sentenceId++;
                        sentenceHasTokens = false;
                    }
                    clauseId++;
                }
                case '.', ';', '\n' -> {
                    if (sentenceHasTokens) {
                        sentenceId++;
                        sentenceHasTokens = false;
                    }
                    clauseId++;
                }
                case ',', ':', '(', ')', '"', '\u201C', '\u201D', '\u2013', '\u2014' -> clauseId++;
                case '-' -> {
                    if (i + 1 < n && s.charAt(i + 1) == ' ') {
                        clauseId++;
                    }
                }
                default -> {
                }
            }
            i++;
        }
        sentences = sentenceHasTokens ? sentenceId + 1 : sentenceId;
        allCaps = longWords > 0 && capsWords == longWords;
    }

    /** Whether token i is written with a capital and then lower case only ("Grant", not "GRANT" or "grant"). */
    boolean titleCase(int i) {
        int from = start[i];
        int to = end[i];
        if (to - from < 2 || !Character.isUpperCase(text.charAt(from))) {
            return false;
        }
        for (int k = from + 1; k < to; k++) {
            if (Character.isUpperCase(text.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    private static String emoticonAt(String s, int i) {
        char c = s.charAt(i);
        if (c != ':' && c != ';' && c != '<') {
            return null;
        }
        for (String e : EMOTICONS) {
            if (s.startsWith(e, i)) {
                int after = i + e.length();
                // ":D" must not be the start of a word such as ":Data".
                if (after < s.length() && Character.isLetterOrDigit(s.charAt(after))) {
                    continue;
                }
                return e;
            }
        }
        return null;
    }

    private void add(String token, int begin, int finish, boolean isCaps, int clauseId, int sentenceId) {
        if (size == lower.length) {
            int cap = size * 2;
            lower = Arrays.copyOf(lower, cap);
            stem = Arrays.copyOf(stem, cap);
            start = Arrays.copyOf(start, cap);
            end = Arrays.copyOf(end, cap);
            caps = Arrays.copyOf(caps, cap);
            clause = Arrays.copyOf(clause, cap);
            sentence = Arrays.copyOf(sentence, cap);
        }
        lower[size] = token;
        stem[size] = stem(token);
        start[size] = begin;
        end[size] = finish;
        caps[size] = isCaps;
        clause[size] = clauseId;
        sentence[size] = sentenceId;
        size++;
    }

    /** A light suffix stripper, applied the same way to the taxonomy and to text: charges, charged, charge -> charg. */
    static String stem(String w) {
        int len = w.length();
        if (len <= 3 || w.indexOf('\'') >= 0) {
            return w;
        }
        String s = w;
        if (s.endsWith("ies") && len > 4) {
            s = s.substring(0, len - 3) + "y";
        } else if (s.endsWith("ing") && len > 5) {
            s = s.substring(0, len - 3);
        } else if (s.endsWith("ed") && len > 4) {
            s = s.substring(0, len - 2);
        } else if (s.endsWith("es") && len > 4) {
            s = s.substring(0, len - 2);
        } else if (s.endsWith("s") && !s.endsWith("ss") && !s.endsWith("us") && !s.endsWith("is")) {
            s = s.substring(0, len - 1);
        }
        if (s.endsWith("e") && s.length() > 3) {
            s = s.substring(0, s.length() - 1);
        }
        return s;
    }

    /** Splits a lexicon or taxonomy phrase into lower-case tokens with the same rules as a text. */
    static String[] phraseTokens(String phrase) {
        TextTokens t = of(phrase.toLowerCase(Locale.ROOT));
        return Arrays.copyOf(t.lower, t.size);
    }

    /** Stems of a taxonomy phrase. */
    static String[] phraseStems(String phrase) {
        TextTokens t = of(phrase.toLowerCase(Locale.ROOT));
        return Arrays.copyOf(t.stem, t.size);
    }

    /**
     * The emoticons of VADER's lexicon (":/", "D:", ":3", "=)", ">:["), recognised as VADER does: as a whole
     * whitespace-delimited chunk. Left out: a digit beside one bracket ("8)", "(8"), which is list numbering or a
     * parenthesis far more often than a face.
     */
    static final class Emoticons {
        static final int LONGEST = 10;
        private static final Set<String> ALL = load();

        private Emoticons() {
        }

        /** The chunk s[begin, end) if it is an emoticon, else null. */
        static String standalone(String s, int begin, int end) {
            if (end - begin < 2 || end - begin > LONGEST || !hasSymbol(s, begin, end)) {
                return null;
            }
            String chunk = s.substring(begin, end);
            return ALL.contains(chunk) ? chunk : null;
        }

        private static boolean hasSymbol(String s, int begin, int end) {
            for (int i = begin; i < end; i++) {
                char c = s.charAt(i);
                if (!Character.isLetterOrDigit(c) && c != '\'' && c != '-') {
                    return true;
                }
            }
            return false;
        }

        private static Set<String> load() {
            Set<String> emoticons = new HashSet<>();
            AnalyzerResources.readLines("vader_lexicon.txt", fields -> {
                String entry = fields[0];
                boolean digitBesideBracket = entry.length() == 2 && entry.chars().anyMatch(Character::isDigit)
                        && (entry.indexOf('(') >= 0 || entry.indexOf(')') >= 0);
                if (entry.indexOf(' ') < 0 && entry.length() <= LONGEST && hasSymbol(entry, 0, entry.length())
                        && !digitBesideBracket) {
                    emoticons.add(entry);
                }
            });
            return Set.copyOf(emoticons);
        }
    }

    /** A few common emoji mapped to tokens whose valence the analyzer knows. */
    static final class Emoji {
        private Emoji() {
        }

        static String token(int cp) {
            return switch (cp) {
                case 0x1F600, 0x1F603, 0x1F604, 0x1F601, 0x1F60A, 0x1F642, 0x1F60D, 0x1F970, 0x1F44D, 0x1F389, 0x2764,
                        0x1F44F, 0x1F64F, 0x1F4AF, 0x1F60E, 0x1F973, 0x263A, 0x1F929 -> "<emoji+>";
                case 0x1F61E, 0x1F622, 0x1F62D, 0x1F621, 0x1F620, 0x1F44E, 0x1F494, 0x1F92C, 0x1F624, 0x1F612, 0x1F641,
                        0x2639, 0x1F629, 0x1F62B, 0x1F92E -> "<emoji->";
                default -> null;
            };
        }
    }
}
