package com.merchantinsights.cli;

import com.merchantinsights.core.identity.ApiKeyDigest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The local stack's secrets, created on first start under {@code <workDir>/secrets} (owner-only files) and
 * reused afterwards: the bootstrap platform key and the gateway's signing secret.
 */
public record LocalSecrets(String platformKey, String signingSecret) {
    public static LocalSecrets loadOrCreate(Path workDir) {
        Path dir = workDir.resolve("secrets");
        return new LocalSecrets(readOrCreate(dir.resolve("platform.key")), readOrCreate(dir.resolve("gateway-signing.secret")));
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
            Files.createDirectories(file.getParent());
            String value = ApiKeyDigest.newKey();
            Files.writeString(file, value + "\n", StandardCharsets.UTF_8);
            try {
                Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException ignored) {
                // not a POSIX file system: the file keeps the default permissions
            }
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
