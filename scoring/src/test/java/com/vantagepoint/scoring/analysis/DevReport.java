package com.vantagepoint.scoring.analysis;

/** Tuning aid (not a test): prints the dev and general-English measures and every miss. Run with exec:java or IDE. */
public final class DevReport {
    private DevReport() {
    }

    public static void main(String[] args) {
        LocalAnalyzer analyzer = new LocalAnalyzer();
        for (String set : args.length == 0 ? new String[] {"dev.jsonl", "general-dev.jsonl"} : args) {
            EvalSet.Report report = EvalSet.evaluate(analyzer, EvalSet.load(set));
            for (EvalSet.Scored s : report.scored()) {
                boolean catMiss = s.analysis().category() != s.item().category();
                boolean sentMiss = Math.abs(s.analysis().sentiment() - s.item().sentiment()) > 0.45
                        || Math.abs(s.item().sentiment()) >= 0.2 && (Math.signum(s.analysis().sentiment()) != Math.signum(s.item().sentiment()) || Math.abs(s.analysis().sentiment()) <= 0.05);
                if (catMiss || sentMiss) {
                    System.out.printf("%s %s%5.2f/%5.2f %s%s->%s %s | %s%n", s.item().id(), sentMiss ? "S " : "  ",
                            s.analysis().sentiment(), s.item().sentiment(), catMiss ? "C " : "  ", s.item().category().label(),
                            s.analysis().category().label(), s.analysis().evidence(), s.item().text());
                }
            }
            System.out.print(report.summary(set));
        }
    }
}
