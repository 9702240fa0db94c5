package com.vantagepoint.pipeline.generate;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DataGeneratorDeterminismTest {

    @TempDir
    Path tmp;

    @Test
    void sameSeedAndOptionsGiveByteIdenticalFiles() throws IOException {
        GeneratorOptions options = GeneratorTestSupport.seedScale(tmp.resolve("a"));
        DataGenerator.generate(options);
        DataGenerator.generate(options.withOut(tmp.resolve("b")));
        assertSameTree(tmp.resolve("a"), tmp.resolve("b"));
    }

    @Test
    void gzipOutputIsDeterministicToo() throws IOException {
        GeneratorOptions options = GeneratorTestSupport.seedScale(tmp.resolve("a")).withGzip(true);
        DataGenerator.generate(options);
        DataGenerator.generate(options.withOut(tmp.resolve("b")));
        assertSameTree(tmp.resolve("a"), tmp.resolve("b"));
        assertTrue(files(tmp.resolve("a")).stream().allMatch(p -> p.toString().endsWith(".json.gz")));
    }

    @Test
    void shardedOutputDoesNotDependOnThreadTiming() throws IOException {
        // 60k accounts -> 3 shards written concurrently; small volumes keep it quick.
        GeneratorOptions options = new GeneratorOptions(tmp.resolve("a"), 60_000, 20_000, 2_000, 7,
                GeneratorTestSupport.AS_OF, 0.01, false, GeneratorTestSupport.FEATURES, 5_000);
        DataGenerator.generate(options);
        DataGenerator.generate(options.withOut(tmp.resolve("b")));
        assertSameTree(tmp.resolve("a"), tmp.resolve("b"));
        assertTrue(files(tmp.resolve("a")).stream().anyMatch(p -> p.getFileName().toString().equals("part-00200.json")),
                "third shard writes its own parts");
    }

    @Test
    void aDifferentSeedGivesDifferentData() throws IOException {
        GeneratorOptions options = GeneratorTestSupport.seedScale(tmp.resolve("a"));
        DataGenerator.generate(options);
        DataGenerator.generate(options.withSeed(43).withOut(tmp.resolve("b")));
        assertFalse(Files.mismatch(tmp.resolve("a/crm/accounts/part-00000.json"),
                tmp.resolve("b/crm/accounts/part-00000.json")) == -1);
    }

    @Test
    void regeneratingIntoTheSameFolderReplacesEarlierOutput() throws IOException {
        Path out = tmp.resolve("a");
        DataGenerator.generate(GeneratorTestSupport.seedScale(out).withGzip(true));
        DataGenerator.generate(GeneratorTestSupport.seedScale(out));
        assertTrue(files(out).stream().noneMatch(p -> p.toString().endsWith(".gz")));
    }

    private static void assertSameTree(Path a, Path b) throws IOException {
        List<Path> fa = files(a);
        List<Path> fb = files(b);
        assertEquals(fa.stream().map(a::relativize).toList(), fb.stream().map(b::relativize).toList());
        assertNotEquals(0, fa.size());
        for (Path p : fa) {
            assertArrayEquals(Files.readAllBytes(p), Files.readAllBytes(b.resolve(a.relativize(p))), p.toString());
        }
    }

    private static List<Path> files(Path root) throws IOException {
        try (Stream<Path> walk = Files.walk(root)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
