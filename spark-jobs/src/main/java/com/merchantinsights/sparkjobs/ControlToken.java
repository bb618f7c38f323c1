package com.merchantinsights.sparkjobs;

import com.merchantinsights.core.secret.OwnerOnlyFile;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * The control endpoint's secret for one driver start (decision 0037): 256 bits from {@link SecureRandom}, base64url,
 * written to a file only the driver's user reads. Whoever can read the file may drive the driver; a web page cannot.
 */
final class ControlToken {
    static final int BYTES = 32;

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
    void writeTo(Path file) {
        OwnerOnlyFile.write(file.toAbsolutePath(), new String(text, StandardCharsets.US_ASCII));
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
