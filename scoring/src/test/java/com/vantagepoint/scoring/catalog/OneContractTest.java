package com.vantagepoint.scoring.catalog;

import com.vantagepoint.scoring.health.Signal;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The health model ({@code scoring/health}) and the catalog ({@code scoring/catalog}) are the only places that spell
 * a tier name, a tier threshold or a score column; every other main source of every module (Java, the dashboard's
 * JavaScript and HTML) reads them. A copy elsewhere is a bug waiting for the next configuration change.
 */
class OneContractTest {
    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
    private static final List<String> OWNERS = List.of("scoring/src/main/java/com/vantagepoint/scoring/health/",
            "scoring/src/main/java/com/vantagepoint/scoring/catalog/");
    /** Synthetic-data knobs (owner ids, ticket shares) that happen to be 40 are not health-model numbers. */
    private static final String GENERATOR = "pipeline/src/main/java/com/vantagepoint/pipeline/generate/";

    private static final Pattern TIER_NAME = Pattern.compile("['\"](healthy|at_risk|critical|churned)['\"]");
    private static final Pattern THRESHOLD = Pattern.compile("(?<![\\w.])(65|40)(\\.0)?(?![\\w.])");
    private static final Pattern SCORE_COLUMN = Pattern.compile("\"(" + Columns.RISK_TIER + "|" + Columns.HEALTH_SCORE + "|"
            + Stream.of(Signal.values()).map(Signal::pointsColumn).collect(Collectors.joining("|")) + ")\"");

    @Test
    void noTierNameOutsideTheModel() {
        assertEquals(List.of(), offending(TIER_NAME, false, "java", "js", "html"));
    }

    @Test
    void noTierThresholdOutsideTheModel() {
        assertEquals(List.of(), offending(THRESHOLD, true, "java", "js", "html"));
    }

    @Test
    void noScoreColumnNameOutsideTheCatalog() {
        assertEquals(List.of(), offending(SCORE_COLUMN, false, "java"));
    }

    @Test
    void theScanSeesEveryModule() {
        List<Path> sources = mainSources("java", "js", "html");
        for (String module : List.of("scoring/", "pipeline/", "api/")) {
            assertTrue(sources.stream().anyMatch(p -> rel(p).startsWith(module)), module + " scanned");
        }
        assertTrue(sources.stream().anyMatch(p -> rel(p).endsWith("public/app.js")), "dashboard scanned");
    }

    private static List<String> offending(Pattern pattern, boolean skipGenerator, String... extensions) {
        List<String> found = new ArrayList<>();
        for (Path file : mainSources(extensions)) {
            String rel = rel(file);
            if (OWNERS.stream().anyMatch(rel::startsWith) || (skipGenerator && rel.startsWith(GENERATOR))) {
                continue;
            }
            List<String> lines = read(file);
            for (int i = 0; i < lines.size(); i++) {
                String code = withoutComment(lines.get(i));
                if (pattern.matcher(code).find()) {
                    found.add(rel + ":" + (i + 1) + ": " + lines.get(i).trim());
                }
            }
        }
        return found;
    }

    /** Comments may explain the defaults in words; only code counts. */
    private static String withoutComment(String line) {
        String t = line.trim();
        if (t.startsWith("*") || t.startsWith("/*") || t.startsWith("//") || t.startsWith("<!--")) {
            return "";
        }
        int slashes = t.indexOf("// ");
        return slashes >= 0 ? t.substring(0, slashes) : t;
    }

    private static List<Path> mainSources(String... extensions) {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(Files::isRegularFile)
                    .filter(p -> rel(p).matches("(scoring|pipeline|api)/src/main/.*"))
                    .filter(p -> Stream.of(extensions).anyMatch(e -> p.toString().endsWith("." + e)))
                    .sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String rel(Path p) {
        return ROOT.relativize(p).toString().replace('\\', '/');
    }

    private static List<String> read(Path p) {
        try {
            return Files.readAllLines(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
