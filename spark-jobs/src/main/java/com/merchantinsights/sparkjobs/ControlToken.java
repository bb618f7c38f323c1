package com.merchantinsights.sparkjobs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Set;

/**
 * The control endpoint's secret for one driver start (decision 0037): 256 bits from {@link SecureRandom}, base64url,
 * written to a file only the driver's user reads. Whoever can read the file may drive the driver; a web page cannot.
 */
final class ControlToken {
    static final int BYTES = 32;
    static final Set<PosixFilePermission> OWNER_ONLY = PosixFilePermissions.fromString("rw-------");

    private final byte[] text;

    private ControlToken(String text) {
        this.text = text.getBytes(StandardCharsets.US_ASCII);
    }

    static ControlToken random(SecureRandom random) {
        byte[] bits = new byte[BYTES];
        random.nextBytes(bits);
        return new ControlToken(Base64.getUrlEncoder().withoutPadding().encodeToString(bits));
    }

    /** Whether {@code presented} is this token, compared in constant time so that timing tells nothing of it. */
    boolean matches(String presented) {
        return presented != null && MessageDigest.isEqual(text, presented.getBytes(StandardCharsets.US_ASCII));
    }

    /**
     * Writes the token to {@code file}, replacing a previous start's: into a new file of the same folder that is
     * owner-only from its creation, then renamed over {@code file} in one step, so a reader never sees a partial
     * token nor the file at the default (umask) permissions.
     */
    void writeTo(Path file) throws IOException {
        Path folder = file.toAbsolutePath().getParent();
        Files.createDirectories(folder);
        byte[] suffix = new byte[8];
        new SecureRandom().nextBytes(suffix);
        Path temporary =
                folder.resolve("." + file.getFileName() + "." + HexFormat.of().formatHex(suffix) + ".tmp");
        Files.createFile(temporary, PosixFilePermissions.asFileAttribute(OWNER_ONLY));
        try {
            try (FileChannel channel = FileChannel.open(temporary, StandardOpenOption.WRITE)) {
                ByteBuffer bytes = ByteBuffer.wrap(text);
                while (bytes.hasRemaining()) {
                    channel.write(bytes);
                }
                channel.force(true);
            }
            Files.move(temporary, file, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temporary);
        }
    }

    /** Deletes {@code file} if it still holds this token (a later start's file is left alone). */
    void deleteFrom(Path file) throws IOException {
        if (Files.isRegularFile(file) && matches(Files.readString(file, StandardCharsets.US_ASCII))) {
            Files.delete(file);
        }
    }

    /** Never the token itself: this object may end up in a log line. */
    @Override
    public String toString() {
        return "ControlToken[***]";
    }
}
