package com.vantagepoint.scoring.analysis;

import java.util.List;

/**
 * Tuning aid (not a test): prints the dev and general-English measures and every miss. Run with exec:java or IDE.
 * An argument {@code b2b-varied.jsonl} reports its development part only (its test part is not for tuning).
 */
public final class DevReport {
    private DevReport() {
    }

    public static void main(String[] args) {
        LocalAnalyzer analyzer = new LocalAnalyzer();
        for (String set : args.length == 0 ? new String[] {"dev.jsonl", "general-dev.jsonl"} : args) {
            List<EvalSet.Item> items = EvalSet.load(set);
            boolean split = set.equals("b2b-varied.jsonl");
            EvalSet.Report report = EvalSet.evaluate(analyzer, split ? EvalSet.Part.DEVELOPMENT.of(items) : items);
            for (EvalSet.Scored s : report.scored()) {
                boolean catMiss = s.analysis().category() != s.item().category();
                boolean sentMiss = Math.abs(s.analysis().sentiment() - s.item().sentiment()) > 0.45
                        || EvalSet.Polarity.of(s.analysis().sentiment()) != EvalSet.Polarity.of(s.item().sentiment());
                if (catMiss || sentMiss) {
                    System.out.printf("%s %s%5.2f/%5.2f %s%s->%s %s | %s%n", s.item().id(), sentMiss ? "S " : "  ",
                            s.analysis().sentiment(), s.item().sentiment(), catMiss ? "C " : "  ", s.item().category().label(),
                            s.analysis().category().label(), s.analysis().evidence(), s.item().text());
                }
            }
            System.out.print(split ? report.fullSummary(set + " (development part)") : report.summary(set));
        }
    }
}
