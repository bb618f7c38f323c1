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
 * reused afterwards: the local platform key (registered in the warehouse's key table by {@link LocalServices}) and
 * the gateway's signing secret.
 */
public record LocalSecrets(String platformKey, String signingSecret) {
    public static LocalSecrets loadOrCreate(Path workDir) {
        return new LocalSecrets(
                readOrCreate(platformKeyFile(workDir)),
                readOrCreate(workDir.resolve("secrets").resolve("gateway-signing.secret")));
    }

    /**
     * The local platform key: {@code up} registers its digest as a platform key in the warehouse. Deleting the file
     * gives a new key at the next start (the old one stays in the table; revoke it with {@code keys revoke}).
     */
    public static Path platformKeyFile(Path workDir) {
        return workDir.resolve("secrets").resolve("platform.key");
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
