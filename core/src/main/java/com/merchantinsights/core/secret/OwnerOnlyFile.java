package com.merchantinsights.core.secret;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;

/**
 * A file only its owner may read, written whole or not at all: the content goes into a new file of the same directory
 * that is owner-only from its creation, then takes the file's name in one rename. A reader sees no file, or the whole
 * secret with owner-only permissions, never a partial file nor a moment at the default (umask) permissions, as writing
 * first and restricting afterwards would leave. The local stack's secrets and the Spark driver's control token are
 * written this way.
 */
public final class OwnerOnlyFile {
    public static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private static final SecureRandom RANDOM = new SecureRandom();

    private OwnerOnlyFile() {}

    /** Writes {@code content} to {@code file}, replacing it, as this class's comment says. */
    public static void write(Path file, String content) {
        try {
            Files.createDirectories(file.getParent());
            Path temporary = createOwnerOnly(file);
            try {
                try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                    ByteBuffer bytes = ByteBuffer.wrap(content.getBytes(StandardCharsets.UTF_8));
                    while (bytes.hasRemaining()) {
                        channel.write(bytes);
                    }
                    channel.force(true); // a crash must not leave an empty secret under the file's name
                }
                Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(temporary);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file, e);
        }
    }

    /**
     * A new, empty file next to {@code file}, created owner-only in the same system call (a file system without POSIX
     * permissions gives its default).
     */
    public static Path createOwnerOnly(Path file) throws IOException {
        byte[] suffix = new byte[8];
        RANDOM.nextBytes(suffix);
        Path temporary = file.resolveSibling(
                "." + file.getFileName() + "." + HexFormat.of().formatHex(suffix) + ".tmp");
        return posix(file)
                ? Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY))
                : Files.createFile(temporary);
    }

    /** The file's permissions as four octal digits, e.g. {@code 0600}; empty without POSIX permissions. */
    public static Optional<String> octalPermissions(Path file) {
        if (!posix(file)) {
            return Optional.empty();
        }
        try {
            int mode = 0;
            for (PosixFilePermission permission : Files.getPosixFilePermissions(file)) {
                mode |= 0400 >> permission.ordinal(); // the enum runs OWNER_READ … OTHERS_EXECUTE, highest bit first
            }
            return Optional.of(String.format("%04o", mode));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean posix(Path file) {
        return file.getFileSystem().supportedFileAttributeViews().contains("posix");
    }
}
