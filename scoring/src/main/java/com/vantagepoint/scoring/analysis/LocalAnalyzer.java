package com.vantagepoint.scoring.analysis;

import java.io.Serializable;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The offline, deterministic transcript analyzer (provider {@code local}).
 *
 * <p><b>Sentiment</b> follows VADER's design (Hutto &amp; Gilbert, 2014) on VADER's own lexicon (MIT, see
 * {@code VADER-LICENSE.txt}) overlaid with a domain lexicon for B2B support, sales and account e-mail
 * ({@code domain_lexicon.txt}): multi-word phrases ("blocking our entire team", "double-charged", "works great",
 * "can't log in"); negation with a four-token scope (VADER's three, plus one for business English: "doesn't seem to
 * work well") that stops at clause punctuation, and words that are neutral alone but negative when negated ("doesn't
 * work"); intensifiers and diminishers up to three tokens back, as in VADER; ALL-CAPS emphasis; VADER's emoticons as
 * whole chunks (":/", ":3") and its idioms ("yeah right"), but not its number slang ("187" is a ticket count here);
 * contrast ("but", "however": the clause after weighs 1.5, the one before 0.5; "although": the conceded clause
 * weighs 0.5); '!' and '?' emphasis; normalised as VADER's compound, x / sqrt(x² + 15). Only the writer's own words
 * count ({@link MessageBody}: quoted messages, signature, greeting and closing lines are dropped); courtesy
 * ({@code courtesy.txt}: "thanks", "appreciate", "I hope you are well") weighs little in a text about a business topic
 * that complains or says "thanks, but" (elsewhere a thank-you is a thank-you); a resolution word ("fixed", "resolved", "the crash is gone") makes the problem words of its clause
 * the thing resolved, unless negated or only claimed ("someone promises it's fixed"); a one-word positive sentence
 * before a clear complaint ("Fantastic. Charged again.") is sarcasm; a text made only of questions, or of mostly questions and
 * negative, leans neutral unless it asks "why"; a statement about a problem topic without emotion words ("columns
 * shifted in the export"), also beside a question or after "thanks, but", reads mildly negative; the raw compound's
 * neutral band, calibrated on labelled texts, is mapped onto {@link TranscriptAnalysis#NEUTRAL_BAND}.
 *
 * <p><b>Category</b> joins a weighted phrase taxonomy ({@code categories.txt}, matched on light-stemmed tokens; the
 * matched spans are the evidence) with a learned model ({@link CategoryModel}: logistic regression over the stems and
 * stem pairs of the writer's own words, trained on development texts only). Each category scores its summed taxonomy
 * weight (general's raised to a floor) plus a weight times the model's log-probability; the highest wins, so the
 * model decides where the taxonomy is silent or split and a clear taxonomy cue mostly holds. Where no taxonomy phrase
 * names the winner, the model's strongest words for it are the evidence. The confidence is the softmax probability
 * of the winner among the scores, calibrated on development texts the model was not fitted on; a winner without
 * evidence (no taxonomy phrase, no word the model weighs for it) is a default, not a finding, and gets at most
 * {@link #FALLBACK_CONFIDENCE}.
 *
 * <p>Everything is loaded once into immutable tables; {@link #analyze} allocates only per-call state, so one
 * instance is shared by all threads. The instance holds no state, so it is cheap to create and serializable (a Spark
 * closure may capture it). Transcript text is data: nothing in it is interpreted as an instruction.
 */
public final class LocalAnalyzer implements TranscriptAnalyzer, Serializable {
    private static final long serialVersionUID = 1L;

    /** Bump whenever a rule, weight or lexicon changes: cached results are keyed by it. */
    public static final String VERSION = "local-analyzer-1.5";

    static final double ALPHA = 15.0;
    static final double NEGATION_SCALAR = -0.74;
    /**
     * A negated negative word is faint praise at most ("not bad"), and in a complaint often none at all ("no error or
     * warning", "nothing is broken, but", "didn't block it"): it turns less positive than VADER's -0.74 makes it.
     * Chosen on the development texts (-0.3 to -0.5 best; VADER's value reads those complaints as praise).
     */
    static final double NEGATED_NEGATIVE_SCALAR = -0.4;
    static final double BOOST = 0.293;
    static final double CAPS_BOOST = 0.733;
    /** The taxonomy weight at which a topic counts as recognised (the problem-statement rule; the taxonomy-alone baseline). */
    static final double CATEGORY_THRESHOLD = 1.5;
    /** A cue weight that settles the topic on its own (categories.txt: 3 = decisive, "invoice", "SSO", "crash"). */
    static final double DECISIVE_CUE = 3.0;
    /** The most category confidence of a category without evidence (the {@code general} fallback of a text with no cue). */
    static final double FALLBACK_CONFIDENCE = 0.2;
    /** Weight of courtesy ("thanks", "appreciate", "hope") in a text that also complains: politeness, not praise. */
    static final double COURTESY_IN_COMPLAINT = 0.15;
    /** Weight of courtesy in a text with no other sentiment: a polite request is mostly neutral. */
    static final double COURTESY_ALONE = 0.5;
    /**
     * Weight of the sentiment of a text made only of questions, and of the negative sentiment of a text made mostly (at
     * least half) of questions: asking is not complaining, unless a question opens with "why" or "how come". Praise
     * beside a question ("Could you add X? That would be really useful.") keeps its weight.
     */
    static final double QUESTION_ONLY = 0.4;
    /** The valence sum of a statement about a problem topic that has no sentiment words ("columns shifted"). */
    static final double PROBLEM_STATEMENT = -1.0;
    /** Below this valence sum a problem statement's positive words are incidental ("special characters"). */
    static final double WEAK_POSITIVE = 1.0;
    private static final Set<ComplaintCategory> PROBLEM_TOPICS = EnumSet.of(ComplaintCategory.BILLING,
            ComplaintCategory.PERFORMANCE, ComplaintCategory.BUGS, ComplaintCategory.SECURITY,
            ComplaintCategory.DATA_QUALITY);
    /**
     * The raw compound that reads as neutral, mapped onto {@link TranscriptAnalysis#NEUTRAL_BAND}: the value that best
     * separates the neutral from the polar labels of the varied corpus' development part (LocalAnalyzerCalibrationTest
     * recomputes it and fails when this constant is not the one the labels choose).
     */
    static final double RAW_NEUTRAL_BAND = 0.06;

    private static final Set<String> NEGATIONS = Set.of("not", "no", "never", "none", "nobody", "nothing", "neither",
            "nor", "nowhere", "without", "cannot", "cant", "dont", "doesnt", "didnt", "isnt", "wasnt", "arent",
            "werent", "wont", "wouldnt", "couldnt", "shouldnt", "havent", "hasnt", "hadnt", "aint", "hardly",
            "barely", "rarely", "seldom");
    private static final Map<String, Double> BOOSTERS = Map.ofEntries(
            Map.entry("absolutely", BOOST), Map.entry("completely", BOOST), Map.entry("entirely", BOOST),
            Map.entry("extremely", BOOST), Map.entry("exceptionally", BOOST), Map.entry("especially", BOOST),
            Map.entry("highly", BOOST), Map.entry("hugely", BOOST), Map.entry("incredibly", BOOST),
            Map.entry("really", BOOST), Map.entry("so", BOOST), Map.entry("such", BOOST * 0.5), Map.entry("too", BOOST),
            Map.entry("totally", BOOST), Map.entry("truly", BOOST), Map.entry("utterly", BOOST),
            Map.entry("very", BOOST), Map.entry("super", BOOST), Map.entry("seriously", BOOST),
            Map.entry("terribly", BOOST), Map.entry("awfully", BOOST), Map.entry("deeply", BOOST),
            Map.entry("greatly", BOOST), Map.entry("particularly", BOOST), Map.entry("remarkably", BOOST),
            Map.entry("thoroughly", BOOST), Map.entry("unbelievably", BOOST), Map.entry("most", BOOST),
            Map.entry("more", BOOST * 0.5), Map.entry("much", BOOST * 0.5), Map.entry("quite", BOOST * 0.5),
            Map.entry("constantly", BOOST), Map.entry("always", BOOST * 0.5), Map.entry("still", BOOST * 0.4),
            Map.entry("again", BOOST * 0.5), Map.entry("painfully", BOOST), Map.entry("insanely", BOOST),
            Map.entry("badly", BOOST), Map.entry("unbearably", BOOST), Map.entry("horribly", BOOST),
            Map.entry("ridiculously", BOOST), Map.entry("annoyingly", BOOST),
            Map.entry("slightly", -BOOST), Map.entry("somewhat", -BOOST), Map.entry("barely", -BOOST),
            Map.entry("little", -BOOST * 0.5), Map.entry("marginally", -BOOST), Map.entry("partly", -BOOST),
            Map.entry("kinda", -BOOST), Map.entry("occasionally", -BOOST), Map.entry("almost", -BOOST * 0.5),
            Map.entry("fairly", -BOOST * 0.5), Map.entry("mildly", -BOOST), Map.entry("bit", -BOOST));
    private static final Set<String> CONTRAST_AFTER = Set.of("but", "however", "nevertheless", "nonetheless",
            "whereas", "yet", "otherwise");
    private static final Set<String> CONCESSION = Set.of("although", "though", "despite", "while");
    /** Words that report a problem as resolved: the problem words of their clause describe what was fixed. */
    private static final Set<String> RESOLUTION = Set.of("fix", "fixed", "resolved", "solved", "gone", "sorted");
    /** Words before "fix" that make it a fix delivered ("the fix for the glitch"), not asked for ("a fix", "we fix"). */
    private static final Set<String> DELIVERED_FIX = Set.of("the", "this", "that", "your", "latest");
    /** Words that make a resolution claimed or awaited, not confirmed ("someone promises it's fixed", "please fix"). */
    private static final Set<String> CLAIMED = Set.of("promise", "promises", "promised", "supposedly", "supposed",
            "claimed", "claims", "said", "says", "told", "please", "need", "needs", "waiting", "when", "until", "hope",
            "hoping", "expect");
    /** Below this valence sum the words after a one-word positive sentence are a clear complaint: the word was sarcasm. */
    static final double CLEAR_COMPLAINT = -1.0;
    /** The valence of a resolution word ("the crash is gone", "the fix for the glitch"). */
    static final double RESOLVED = 1.4;

    /** A lexicon value: valence, and the valence when negated (NaN: the usual scalar applies). */
    record Valence(double valence, double negated, boolean courtesy) {
        Valence(double valence, double negated) {
            this(valence, negated, false);
        }
    }

    private record CategoryCue(double[] weights) {
    }

    private static final class Tables {
        static final Tables INSTANCE = new Tables();
        final PhraseTrie<Valence> sentiment = new PhraseTrie<>();
        final PhraseTrie<CategoryCue> categories = new PhraseTrie<>();
        final SentimentIntensity intensity = SentimentIntensity.load();

        private Tables() {
            AnalyzerResources.readLines("vader_lexicon.txt", (fields) -> {
                if (isNumber(fields[0])) {
                    return; // slang codes ("187", "143") are ticket counts, amounts and versions in business text
                }
                double v = Double.parseDouble(fields[1]);
                String[] key = {fields[0]};
                sentiment.put(key, new Valence(v, Double.NaN));
                String lower = fields[0].toLowerCase(Locale.ROOT);
                if (!lower.equals(fields[0]) && sentiment.get(new String[] {lower}) == null) {
                    sentiment.put(new String[] {lower}, new Valence(v, Double.NaN));
                }
                if (fields[0].indexOf(' ') > 0) {
                    sentiment.put(TextTokens.phraseTokens(fields[0]), new Valence(v, Double.NaN));
                }
            });
            AnalyzerResources.readLines("domain_lexicon.txt", (fields) -> {
                double v = Double.parseDouble(fields[1]);
                double neg = fields.length > 2 ? Double.parseDouble(fields[2]) : Double.NaN;
                sentiment.put(TextTokens.phraseTokens(fields[0]), new Valence(v, neg));
            });
            AnalyzerResources.readLines("courtesy.txt", (fields) -> {
                String[] key = TextTokens.phraseTokens(fields[0]);
                Valence v = sentiment.get(key);
                if (v == null) {
                    throw new IllegalStateException("courtesy phrase without a valence: " + fields[0]);
                }
                sentiment.put(key, new Valence(v.valence(), v.negated(), true));
            });
            // Emoji tokens produced by TextTokens.Emoji (VADER's lexicon covers emoticons, not emoji).
            sentiment.put(new String[] {"<emoji+>"}, new Valence(2.0, Double.NaN));
            sentiment.put(new String[] {"<emoji->"}, new Valence(-2.0, Double.NaN));
            ComplaintCategory[] all = ComplaintCategory.values();
            AnalyzerResources.readLines("categories.txt", (fields) -> {
                ComplaintCategory category = ComplaintCategory.fromLabel(fields[0])
                        .orElseThrow(() -> new IllegalStateException("unknown category in categories.txt: " + fields[0]));
                String[] key = TextTokens.phraseStems(fields[2]);
                CategoryCue cue = categories.get(key);
                if (cue == null) {
                    cue = new CategoryCue(new double[all.length]);
                    categories.put(key, cue);
                }
                cue.weights()[category.ordinal()] = Math.max(cue.weights()[category.ordinal()], Double.parseDouble(fields[1]));
            });
        }

        private static boolean isNumber(String entry) {
            return entry.chars().allMatch(Character::isDigit);
        }

    }


    /** Loads the lexicons (once per JVM) so that a missing or broken resource fails here, not mid-run. */
    public LocalAnalyzer() {
        if (Tables.INSTANCE.sentiment == null) {
            throw new IllegalStateException("analyzer tables not loaded");
        }
    }

    @Override
    public String provider() {
        return "local";
    }

    @Override
    public String model() {
        return VERSION;
    }

    /** In-process and cheap per text; chunks of 500 keep a partition's memory bounded whatever its size. */
    @Override
    public int preferredBatchSize() {
        return 500;
    }

    @Override
    public TranscriptAnalysis analyze(String text) {
        TextTokens tokens = TextTokens.of(MessageBody.of(text));
        Map<ComplaintCategory, List<String>> evidence = new EnumMap<>(ComplaintCategory.class);
        double[] cues = cueScores(tokens, evidence);
        double sentiment = sentiment(tokens, cues);
        return categorize(tokens, cues, evidence, sentiment);
    }

    /** The compound sentiment of a text in [-1, 1], rounded to 4 decimals. */
    public double sentiment(String text) {
        TextTokens tokens = TextTokens.of(MessageBody.of(text));
        return sentiment(tokens, cueScores(tokens, null));
    }

    private double sentiment(TextTokens t, double[] cues) {
        double rules = rulesScore(t, cues);
        return isBusinessText(cues) ? round4(Tables.INSTANCE.intensity.apply(t, rules)) : rules;
    }

    private double rulesScore(TextTokens t, double[] cues) {
        return round4(toNeutralBand(rawCompound(t, cues)));
    }

    private static double round4(double score) {
        return Math.round(score * 10_000.0) / 10_000.0;
    }

    /** Whether {@link SentimentIntensity} applies to this text (see {@link #isBusinessText}); package-private for training. */
    boolean isBusinessText(String text) {
        TextTokens tokens = TextTokens.of(MessageBody.of(text));
        return isBusinessText(cueScores(tokens, null));
    }

    /** The rules' score before {@link SentimentIntensity} sets its magnitude; package-private for training. */
    double rulesSentiment(String text) {
        TextTokens tokens = TextTokens.of(MessageBody.of(text));
        return rulesScore(tokens, cueScores(tokens, null));
    }

    /** The compound before the neutral band is mapped; package-private for calibration. */
    double rawSentiment(String text) {
        TextTokens tokens = TextTokens.of(MessageBody.of(text));
        return rawCompound(tokens, cueScores(tokens, null));
    }

    /**
     * Whether some topic's cues reach {@link #DECISIVE_CUE}: the text is business correspondence, the register
     * {@link SentimentIntensity} was trained for (reviews and social posts keep the rules' magnitudes).
     */
    private static boolean isBusinessText(double[] cues) {
        return someCueReaches(cues, DECISIVE_CUE);
    }

    /** Whether any topic's cues reach the category threshold: the text is about something the business handles. */
    private static boolean namesATopic(double[] cues) {
        return someCueReaches(cues, CATEGORY_THRESHOLD);
    }

    private static boolean someCueReaches(double[] cues, double weight) {
        for (double cue : cues) {
            if (cue >= weight) {
                return true;
            }
        }
        return false;
    }

    /** Whether the strongest topic is a problem topic: a statement about one with no or weak positive words reports a problem. */
    private static boolean statesAProblem(double[] cues) {
        int top = 0;
        for (int c = 1; c < cues.length; c++) {
            if (cues[c] > cues[top]) {
                top = c;
            }
        }
        return cues[top] >= CATEGORY_THRESHOLD && PROBLEM_TOPICS.contains(ComplaintCategory.values()[top]);
    }

    /**
     * Maps [-RAW_NEUTRAL_BAND, RAW_NEUTRAL_BAND] linearly onto [-NEUTRAL_BAND, NEUTRAL_BAND] and the rest linearly onto
     * the rest of [-1, 1]: monotone, so the order of texts (and their correlation with labels) barely changes.
     */
    static double toNeutralBand(double raw) {
        double band = TranscriptAnalysis.NEUTRAL_BAND;
        double a = Math.abs(raw);
        double mapped = a <= RAW_NEUTRAL_BAND ? a * band / RAW_NEUTRAL_BAND
                : band + (a - RAW_NEUTRAL_BAND) * (1 - band) / (1 - RAW_NEUTRAL_BAND);
        return Math.copySign(Math.min(1.0, mapped), raw);
    }

    private double rawCompound(TextTokens t, double[] cues) {
        int n = t.size;
        if (n == 0) {
            return 0.0;
        }
        double[] value = new double[n];
        boolean[] consumed = new boolean[n];
        boolean[] courtesy = new boolean[n];
        String[] keys = t.lower;
        int i = 0;
        while (i < n) {
            PhraseTrie.Match<Valence> match = Tables.INSTANCE.sentiment.longest(keys, t.sentence, n, i);
            int len = match == null ? 1 : match.length();
            if (len > 1) {
                for (int k = i + 1; k < i + len; k++) {
                    consumed[k] = true;
                }
            }
            if (match != null && (len > 1 || !isNegation(keys[i], len))) {
                value[i] = valence(t, i, len, match.value(), consumed);
                courtesy[i] = match.value().courtesy();
            }
            i += len;
        }
        applyResolution(t, value);
        applySarcasm(t, value, courtesy);
        applyContrast(t, value);
        double other = 0;
        double polite = 0;
        for (int k = 0; k < n; k++) {
            if (courtesy[k]) {
                polite += value[k];
            } else {
                other += value[k];
            }
        }
        boolean politeContrast = politeThenContrast(t, courtesy);
        boolean complaint = other < 0 || politeContrast;
        // Courtesy is a formula in a text about a business topic, and a real thank-you elsewhere ("Thank you Google for ...").
        double courtesyWeight = !namesATopic(cues) ? 1.0 : complaint ? COURTESY_IN_COMPLAINT : other == 0 ? COURTESY_ALONE : 1.0;
        double sum = other + polite * courtesyWeight;
        boolean mostlyQuestions = 2 * t.questionSentences >= t.sentences && t.exclamations == 0 && !asksWhy(t);
        if (mostlyQuestions && (sum < 0 || t.questionSentences >= t.sentences)) {
            sum *= QUESTION_ONLY;
        } else if ((polite == 0 || politeContrast) && other >= 0 && other < WEAK_POSITIVE && statesAProblem(cues)) {
            sum = PROBLEM_STATEMENT + other;
        }
        if (sum != 0) {
            double emphasis = Math.min(t.exclamations, 4) * 0.292;
            if (t.questions > 1) {
                emphasis += Math.min(t.questions, 4) * 0.18;
            }
            sum += Math.signum(sum) * emphasis;
        }
        double compound = sum / Math.sqrt(sum * sum + ALPHA);
        return Math.max(-1.0, Math.min(1.0, compound));
    }

    /**
     * "Fantastic. Charged for 200 seats again.": a sentence of one positive word followed by a text that complains is
     * sarcasm, so the word counts against (courtesy such as "Thanks." is not).
     */
    private static void applySarcasm(TextTokens t, double[] value, boolean[] courtesy) {
        double rest = 0; // the valence after token i
        for (int i = t.size - 1; i >= 0; i--) {
            boolean alone = (i == 0 || t.sentence[i - 1] != t.sentence[i])
                    && (i + 1 == t.size || t.sentence[i + 1] != t.sentence[i]);
            double v = value[i];
            if (alone && v > 0 && !courtesy[i] && rest < CLEAR_COMPLAINT) {
                value[i] = -v;
            }
            rest += v;
        }
    }

    /** Whether a sentence opens with "why" or "how come": a question that complains rather than asks. */
    private static boolean asksWhy(TextTokens t) {
        for (int i = 0; i < t.size; i++) {
            if (i > 0 && t.sentence[i] == t.sentence[i - 1]) {
                continue;
            }
            String w = t.lower[i];
            if (w.equals("why") || w.equals("how") && i + 1 < t.size && t.lower[i + 1].equals("come")) {
                return true;
            }
        }
        return false;
    }

    /** "Thanks for the quick reply, but ...": courtesy followed by a contrast introduces a complaint. */
    private static boolean politeThenContrast(TextTokens t, boolean[] courtesy) {
        boolean polite = false;
        for (int i = 0; i < t.size; i++) {
            if (courtesy[i]) {
                polite = true;
            } else if (polite && CONTRAST_AFTER.contains(t.lower[i]) && !(i > 0 && negates(t.lower[i - 1]))) {
                return true;
            }
        }
        return false;
    }

    /**
     * "Call w/ Alison Grant", "Ardent Labs": a capitalised word beside another, not opening its sentence, is part of a
     * person's or a company's name, not a sentiment ("grant", "ardent").
     */
    private static boolean partOfAName(TextTokens t, int i) {
        if (!t.titleCase(i) || i == 0 || t.sentence[i - 1] != t.sentence[i]) {
            return false;
        }
        boolean before = t.titleCase(i - 1) && t.clause[i - 1] == t.clause[i];
        boolean after = i + 1 < t.size && t.titleCase(i + 1) && t.clause[i + 1] == t.clause[i];
        return before || after;
    }

    private static boolean isNegation(String token, int len) {
        // A lone negation word carries no valence of its own ("no" would otherwise score -1.2); it negates.
        return len == 1 && (NEGATIONS.contains(token) || token.endsWith("n't"));
    }

    private static boolean negates(String token) {
        return NEGATIONS.contains(token) || token.endsWith("n't");
    }

    private double valence(TextTokens t, int i, int len, Valence lexicon, boolean[] consumed) {
        if (len == 1 && partOfAName(t, i)) {
            return 0;
        }
        double v = lexicon.valence();
        boolean negated = false;
        double boost = 0;
        // Look back up to four tokens inside the same clause (boosters: three).
        for (int k = i - 1, dist = 0; k >= 0 && dist < 4 && t.clause[k] == t.clause[i]; k--) {
            if (consumed[k]) {
                break;
            }
            String w = t.lower[k];
            if (negates(w)) {
                // "never so disappointed", "never been this happy": emphasis, not negation (as in VADER).
                boolean emphasis = w.equals("never") && k + 1 < i && (t.lower[k + 1].equals("so") || t.lower[k + 1].equals("this")
                        || t.lower[k + 1].equals("been") && k + 2 < i && (t.lower[k + 2].equals("so") || t.lower[k + 2].equals("this")));
                if (emphasis) {
                    boost += BOOST;
                } else {
                    negated = true;
                }
            } else {
                Double b = BOOSTERS.get(w);
                if (b != null && dist < 3) {
                    boost += b * (dist == 0 ? 1.0 : dist == 1 ? 0.95 : 0.9);
                }
            }
            dist++;
        }
        if (negated) {
            double scalar = v < 0 ? NEGATED_NEGATIVE_SCALAR : NEGATION_SCALAR;
            v = Double.isNaN(lexicon.negated()) ? v * scalar : lexicon.negated();
        }
        if (v == 0) {
            return 0;
        }
        v += Math.signum(v) * boost;
        if (!t.allCaps) {
            for (int k = i; k < i + len; k++) {
                if (t.caps[k]) {
                    v += Math.signum(v) * CAPS_BOOST;
                    break;
                }
            }
        }
        return v;
    }

    /**
     * "The crash on save is gone", "the backfill fixed the missing events", "confirming the fix for the glitch": in a
     * clause (up to a contrast word) with a resolution word and no negation ("the fix didn't work") or claim
     * ("someone promises it's fixed"), the problem words name what was resolved, so they count nothing and the
     * resolution counts as good news. "Gone" resolves only a clause that names a problem ("the data is gone" stays a
     * loss).
     */
    private static void applyResolution(TextTokens t, double[] value) {
        int n = t.size;
        int start = 0;
        while (start < n) {
            int end = start + 1;
            while (end < n && t.clause[end] == t.clause[start] && !CONTRAST_AFTER.contains(t.lower[end])) {
                end++;
            }
            int resolution = -1;
            boolean problem = false;
            boolean negation = false;
            for (int k = start; k < end; k++) {
                if (negates(t.lower[k]) || CLAIMED.contains(t.lower[k])) {
                    negation = true;
                } else if (RESOLUTION.contains(t.lower[k])
                        && (!t.lower[k].equals("fix") || k > 0 && DELIVERED_FIX.contains(t.lower[k - 1]))) {
                    if (resolution < 0 || t.lower[resolution].equals("gone")) {
                        resolution = k;
                    }
                } else if (value[k] < 0) {
                    problem = true;
                }
            }
            if (resolution >= 0 && !negation && (problem || !t.lower[resolution].equals("gone"))) {
                for (int k = start; k < end; k++) {
                    if (k == resolution) {
                        value[k] = Math.max(value[k], RESOLVED);
                    } else if (value[k] < 0) {
                        value[k] = 0;
                    }
                }
            }
            start = end;
        }
    }

    /** "X but Y": X x0.5, Y x1.5 within a sentence; a sentence opening with "But"/"However" demotes the previous one. */
    private static void applyContrast(TextTokens t, double[] value) {
        int n = t.size;
        int sentenceStart = 0;
        int previousSentenceStart = -1;
        for (int i = 0; i < n; i++) {
            if (i > 0 && t.sentence[i] != t.sentence[i - 1]) {
                previousSentenceStart = sentenceStart;
                sentenceStart = i;
            }
            String w = t.lower[i];
            if (CONTRAST_AFTER.contains(w)) {
                if (w.equals("yet") && i > 0 && negates(t.lower[i - 1])) {
                    continue; // "not yet"
                }
                int from = i == sentenceStart && previousSentenceStart >= 0 ? previousSentenceStart : sentenceStart;
                for (int k = from; k < i; k++) {
                    value[k] *= 0.5;
                }
                for (int k = i + 1; k < n && t.sentence[k] == t.sentence[i]; k++) {
                    value[k] *= 1.5;
                }
            } else if (CONCESSION.contains(w) && i + 1 < n && t.sentence[i + 1] == t.sentence[i]) {
                // "Although X, Y": the conceded clause X weighs less. A trailing "though" is ignored.
                int k = i + 1;
                int clause = t.clause[k];
                for (; k < n && t.clause[k] == clause; k++) {
                    value[k] *= 0.5;
                }
            }
        }
    }

    /** Summed cue weight per category; the matched spans go to {@code evidence} unless it is null. */
    static double[] cueScores(TextTokens t, Map<ComplaintCategory, List<String>> evidence) {
        ComplaintCategory[] all = ComplaintCategory.values();
        double[] score = new double[all.length];
        int n = t.size;
        int i = 0;
        while (i < n) {
            PhraseTrie.Match<CategoryCue> match = Tables.INSTANCE.categories.longest(t.stem, t.sentence, n, i);
            if (match == null) {
                i++;
                continue;
            }
            double[] w = match.value().weights();
            String span = null;
            for (int c = 0; c < w.length; c++) {
                if (w[c] == 0) {
                    continue;
                }
                score[c] += w[c];
                if (evidence == null) {
                    continue;
                }
                List<String> spans = evidence.computeIfAbsent(all[c], k -> new ArrayList<>(3));
                if (spans.size() < 3) {
                    if (span == null) {
                        span = t.text.substring(t.start[i], t.end[i + match.length() - 1]);
                    }
                    if (!spans.contains(span)) {
                        spans.add(span);
                    }
                }
            }
            i += match.length();
        }
        return score;
    }

    private static TranscriptAnalysis categorize(TextTokens tokens, double[] cues,
            Map<ComplaintCategory, List<String>> evidence, double sentiment) {
        CategoryModel model = CategoryModel.INSTANCE;
        double[] score = CategoryModel.combine(cues, model.logProbabilities(tokens), model.combination());
        int best = CategoryModel.best(score);
        ComplaintCategory category = ComplaintCategory.values()[best];
        List<String> spans = evidence.getOrDefault(category, List.of());
        if (spans.isEmpty()) {
            spans = model.evidence(tokens, category, 3);
        }
        double confidence = categoryConfidence(score, best, model.combination(), !spans.isEmpty());
        return new TranscriptAnalysis(sentiment, category, confidence, spans);
    }

    /**
     * The combined scores' softmax probability of the winner, rounded to 3 decimals; a category with no evidence (no
     * taxonomy phrase, no word that favours it over every other category in the model) is a default, not a finding, and
     * gets at most {@link #FALLBACK_CONFIDENCE}.
     */
    static double categoryConfidence(double[] score, int best, CategoryModel.Combination combination, boolean evidence) {
        double confidence = CategoryModel.probability(score, best, combination.temperature());
        if (!evidence) {
            confidence *= FALLBACK_CONFIDENCE;
        }
        return Math.round(confidence * 1000.0) / 1000.0;
    }
}
