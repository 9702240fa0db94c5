package com.vantagepoint.scoring.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.Set;

/**
 * Files under $VANTAGEPOINT_HOME that hold secrets: owner read/write only (600), written atomically, and refused
 * on reading when group or others may read them.
 */
public final class SecureFiles {
    private static final String OWNER_ONLY = "rw-------";
    private static final Set<PosixFilePermission> SHARED = EnumSet.of(
            PosixFilePermission.GROUP_READ, PosixFilePermission.GROUP_WRITE,
            PosixFilePermission.OTHERS_READ, PosixFilePermission.OTHERS_WRITE);

    private SecureFiles() {
    }

    private static Path temp(Path target) throws IOException {
        Files.createDirectories(target.toAbsolutePath().getParent());
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp-" + ProcessHandle.current().pid() + "-" + System.nanoTime());
        try {
            Files.createFile(tmp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(OWNER_ONLY)));
        } catch (UnsupportedOperationException e) {
            Files.createFile(tmp);
        }
        return tmp;
    }

    /** Replaces the file atomically. */
    public static void write(Path target, byte[] content) throws IOException {
        Path tmp = temp(target);
        try {
            Files.write(tmp, content);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** Creates the file only if absent (the first writer wins); returns false when it already existed. */
    public static boolean createIfAbsent(Path target, byte[] content) throws IOException {
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

    /**
     * Reads a secret file, refusing it when group or others may read or write it: a secret someone else could
     * read is already out, and saying so beats using it quietly.
     *
     * @throws InsecureFileException saying so, with the mode and the fix (the caller names the file)
     */
    public static String readPrivate(Path file) throws IOException {
        try {
            Set<PosixFilePermission> mode = Files.getPosixFilePermissions(file);
            if (mode.stream().anyMatch(SHARED::contains)) {
                throw new InsecureFileException("accessible to group or others (mode "
                        + PosixFilePermissions.toString(mode) + "); run chmod 600 " + file);
            }
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its access control lists are the owner's business
        }
        return Files.readString(file);
    }

    /** A secret file that others could read. */
    public static final class InsecureFileException extends IOException {
        private static final long serialVersionUID = 1L;

        InsecureFileException(String message) {
            super(message);
        }
    }
}
