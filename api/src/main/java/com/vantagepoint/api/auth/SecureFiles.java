package com.vantagepoint.api.auth;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/** Files under $VANTAGEPOINT_HOME that hold secrets: owner read/write only (600), written atomically. */
final class SecureFiles {
    private SecureFiles() {
    }

    private static Path temp(Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        return tmp;
    }

    /** Replaces the file atomically. */
    static void write(Path target, byte[] content) throws IOException {
        Path tmp = temp(target);
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates the file only if absent (the first writer wins); returns false when it already existed. */
    static boolean createIfAbsent(Path target, byte[] content) throws IOException {
        Path tmp = temp(target);
        try {
            Files.write(tmp, content);
            Files.createLink(target, tmp);
            return true;
        } catch (FileAlreadyExistsException e) {
            return false;
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
