package com.vantagepoint.pipeline.storage;

import com.vantagepoint.scoring.cli.CliErrors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** {@code --conf} names a local file as a plain path or a file: URI; the remote case is the cluster test's. */
class ConfFilesTest {
    @TempDir
    Path dir;

    @Test
    void aPlainPathWithSpacesIsReadWhereItIs() throws Exception {
        Path conf = Files.writeString(dir.resolve("night run.conf"), "vantagepoint.run.history-weeks = 2\n");
        assertEquals(conf, ConfFiles.local(conf.toString()));
    }

    @Test
    void aFileUriNamesTheSameLocalFile() throws Exception {
        Path conf = Files.writeString(dir.resolve("night run.conf"), "vantagepoint.run.history-weeks = 2\n");
        assertEquals(conf, ConfFiles.local(conf.toUri().toString()));
    }

    @Test
    void aRelativePathStaysRelative() {
        assertEquals(Path.of("conf/emr.conf"), ConfFiles.local("conf/emr.conf"));
    }

    @Test
    void noConfIsNoFileAndAnEmptyOneIsAUsageError() {
        assertNull(ConfFiles.local(null));
        CliErrors.UsageError e = assertThrows(CliErrors.UsageError.class, () -> ConfFiles.local(" "));
        assertEquals("--conf is empty: name a HOCON file", e.getMessage());
    }
}
