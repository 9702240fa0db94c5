package com.vantagepoint.scoring.analysis;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/** A labeled evaluation set under src/test/resources/eval and the measures computed on it. */
final class EvalSet {
    record Item(String id, String text, double sentiment, ComplaintCategory category) {
    }

    record Scored(Item item, TranscriptAnalysis analysis) {
    }

    /** The two parts of a corpus split by id: rules are tuned on {@code DEVELOPMENT} only. */
    enum Part {
        DEVELOPMENT, TEST;

        /** Stable across runs and machines: CRC-32 of the id, remainder mod 10 below 6 (about 60 %) is development. */
        static Part of(String id) {
            CRC32 crc = new CRC32();
            crc.update(id.getBytes(StandardCharsets.UTF_8));
            return crc.getValue() % 10 < 6 ? DEVELOPMENT : TEST;
        }

        List<Item> of(List<Item> items) {
            return items.stream().filter(item -> of(item.id()) == this).toList();
        }
    }

    /** Negative, neutral, positive: a score reads as neutral when |s| is within {@link TranscriptAnalysis#NEUTRAL_BAND}. */
    enum Polarity {
        NEGATIVE, NEUTRAL, POSITIVE;

        static Polarity of(double sentiment) {
            return Math.abs(sentiment) <= TranscriptAnalysis.NEUTRAL_BAND ? NEUTRAL : sentiment < 0 ? NEGATIVE : POSITIVE;
        }
    }

    /** Results of one analyzer on one set. */
    record Report(List<Scored> scored, double pearson, double categoryAccuracy, double directionAccuracy,
                  Map<ComplaintCategory, double[]> perCategory /* correct, total */) {

        double accuracyOf(ComplaintCategory c) {
            double[] ct = perCategory.get(c);
            return ct == null || ct[1] == 0 ? Double.NaN : ct[0] / ct[1];
        }

        /** Share of texts whose analyzed polarity equals the labelled one. */
        double polarityAgreement() {
            long agree = scored.stream()
                    .filter(s -> Polarity.of(s.analysis().sentiment()) == Polarity.of(s.item().sentiment())).count();
            return (double) agree / scored.size();
        }

        /** Counts by [labelled polarity][analyzed polarity]. */
        int[][] polarityConfusion() {
            int[][] counts = new int[3][3];
            for (Scored s : scored) {
                counts[Polarity.of(s.item().sentiment()).ordinal()][Polarity.of(s.analysis().sentiment()).ordinal()]++;
            }
            return counts;
        }

        /** Counts by [labelled category][analyzed category]. */
        int[][] categoryConfusion() {
            int k = ComplaintCategory.values().length;
            int[][] counts = new int[k][k];
            for (Scored s : scored) {
                counts[s.item().category().ordinal()][s.analysis().category().ordinal()]++;
            }
            return counts;
        }

        /** The measures, then both confusion tables (rows: label, columns: analyzer). */
        String fullSummary(String name) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%s: n=%d pearson=%.3f polarity-agreement=%.3f category-accuracy=%.3f%n", name,
                    scored.size(), pearson, polarityAgreement(), categoryAccuracy));
            sb.append("  polarity   label\\analyzer  negative neutral positive\n");
            int[][] p = polarityConfusion();
            for (Polarity row : Polarity.values()) {
                sb.append(String.format("  %-26s %8d %7d %8d%n", row.name().toLowerCase(java.util.Locale.ROOT),
                        p[row.ordinal()][0], p[row.ordinal()][1], p[row.ordinal()][2]));
            }
            ComplaintCategory[] all = ComplaintCategory.values();
            sb.append("  category   label\\analyzer ");
            for (ComplaintCategory c : all) {
                sb.append(String.format(" %4.4s", c.label()));
            }
            sb.append('\n');
            int[][] c = categoryConfusion();
            for (ComplaintCategory row : all) {
                sb.append(String.format("  %-26s", row.label()));
                for (ComplaintCategory col : all) {
                    sb.append(String.format(" %4d", c[row.ordinal()][col.ordinal()]));
                }
                sb.append(String.format("   %.3f%n", accuracyOf(row)));
            }
            return sb.toString();
        }

        String summary(String name) {
            StringBuilder sb = new StringBuilder();
            sb.append(String.format("%s: n=%d pearson=%.3f category-accuracy=%.3f direction-accuracy=%.3f%n", name,
                    scored.size(), pearson, categoryAccuracy, directionAccuracy));
            perCategory.forEach((c, ct) -> sb.append(String.format("  %-16s %2.0f/%2.0f = %.3f%n", c.label(), ct[0], ct[1],
                    ct[0] / ct[1])));
            return sb.toString();
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private EvalSet() {
    }

    /** Whether {@code resource} is in src/test/resources/eval. */
    static boolean exists(String resource) {
        return EvalSet.class.getResource("/eval/" + resource) != null;
    }

    static List<Item> load(String resource) {
        List<Item> items = new ArrayList<>();
        try (InputStream in = EvalSet.class.getResourceAsStream("/eval/" + resource)) {
            if (in == null) {
                throw new IllegalStateException("missing /eval/" + resource);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            String line;
            while ((line = reader.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode node = JSON.readTree(line);
                items.add(new Item(node.get("id").asText(), node.get("text").asText(), node.get("sentiment").asDouble(),
                        ComplaintCategory.fromLabel(node.get("category").asText()).orElseThrow()));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return items;
    }

    static Report evaluate(TranscriptAnalyzer analyzer, List<Item> items) {
        List<Scored> scored = new ArrayList<>();
        for (Item item : items) {
            scored.add(new Scored(item, analyzer.analyze(item.text())));
        }
        double[] x = new double[scored.size()];
        double[] y = new double[scored.size()];
        int correct = 0;
        int directionCorrect = 0;
        int directional = 0;
        Map<ComplaintCategory, double[]> per = new EnumMap<>(ComplaintCategory.class);
        for (int i = 0; i < scored.size(); i++) {
            Scored s = scored.get(i);
            x[i] = s.analysis().sentiment();
            y[i] = s.item().sentiment();
            double[] ct = per.computeIfAbsent(s.item().category(), k -> new double[2]);
            ct[1]++;
            if (s.analysis().category() == s.item().category()) {
                correct++;
                ct[0]++;
            }
            if (Math.abs(y[i]) >= 0.2) {
                directional++;
                if (Math.signum(x[i]) == Math.signum(y[i]) && Math.abs(x[i]) > 0.05) {
                    directionCorrect++;
                }
            }
        }
        return new Report(scored, pearson(x, y), (double) correct / scored.size(),
                directional == 0 ? Double.NaN : (double) directionCorrect / directional, per);
    }

    static double pearson(double[] x, double[] y) {
        int n = x.length;
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double sxy = 0;
        double sxx = 0;
        double syy = 0;
        for (int i = 0; i < n; i++) {
            sxy += (x[i] - mx) * (y[i] - my);
            sxx += (x[i] - mx) * (x[i] - mx);
            syy += (y[i] - my) * (y[i] - my);
        }
        return sxy / Math.sqrt(sxx * syy);
    }
}
