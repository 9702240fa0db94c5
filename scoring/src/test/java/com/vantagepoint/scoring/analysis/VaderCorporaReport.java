package com.vantagepoint.scoring.analysis;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Measuring aid (not a test; the corpora are not shipped): Pearson r of {@link LocalAnalyzer}'s sentiment against the
 * mean human rating on the VADER paper's corpora (Hutto &amp; Gilbert, ICWSM 2014: {@code hutto_ICWSM_2014.tar.gz} in
 * the vaderSentiment repository). Usage: {@code VaderCorporaReport DIR}, DIR holding the {@code *_GroundTruth.txt}
 * files (id, rating, text; tab-separated). Nothing is tuned on these corpora.
 */
public final class VaderCorporaReport {
    private static final String[] CORPORA = {"tweets", "amazonReviewSnippets", "movieReviewSnippets",
        "nytEditorialSnippets"};

    private VaderCorporaReport() {
    }

    public static void main(String[] args) throws IOException {
        LocalAnalyzer analyzer = new LocalAnalyzer();
        for (String corpus : CORPORA) {
            List<Double> ratings = new ArrayList<>();
            List<Double> scores = new ArrayList<>();
            for (String line : Files.readAllLines(Path.of(args[0], corpus + "_GroundTruth.txt"), StandardCharsets.UTF_8)) {
                String[] fields = line.replace("\r", "").split("\t", 3);
                if (fields.length < 3) {
                    continue;
                }
                ratings.add(Double.parseDouble(fields[1]));
                scores.add(analyzer.analyze(fields[2]).sentiment());
            }
            double r = EvalSet.pearson(scores.stream().mapToDouble(Double::doubleValue).toArray(),
                    ratings.stream().mapToDouble(Double::doubleValue).toArray());
            System.out.printf("%-22s %6d texts  r %.4f  (%s)%n", corpus, scores.size(), r, LocalAnalyzer.VERSION);
        }
    }
}
