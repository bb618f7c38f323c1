package com.merchantinsights.cli;

import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.core.secret.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The local stack's secrets, created on first start under {@code <workDir>/secrets} (owner-only from their creation,
 * written whole: {@link OwnerOnlyFile}) and reused afterwards: the local platform key (registered in the warehouse's key
 * table by {@link LocalServices}) and the gateway's signing secret.
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

    /** Never the values: a log line or an exception message must not carry a secret. */
    @Override
    public String toString() {
        return "LocalSecrets[platformKey=***, signingSecret=***]";
    }

    private static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = ApiKeyDigest.newKey();
        OwnerOnlyFile.write(file, value + "\n");
        return value;
    }
}
