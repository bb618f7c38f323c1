package com.merchantinsights.cli;

import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.core.secret.OwnerOnlyFile;
import com.merchantinsights.service.identity.IdentityKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Supplier;

/**
 * The local stack's secrets, created on first start under {@code <workDir>/secrets} (owner-only from their creation,
 * written whole: {@link OwnerOnlyFile}) and reused afterwards: the local platform key (registered in the warehouse's key
 * table by {@link LocalServices}), the local admin key (the same) and the gateway's Ed25519 identity signing key, {@code <key id>:<base64 PKCS#8>}
 * (the backends are given only its public key).
 */
public record LocalSecrets(String platformKey, String adminKey, String identitySigningKey) {
    /** The local gateway's key id; a new key (delete the file) gets the same id, the backends restart with it. */
    static final String LOCAL_KEY_ID = "local-1";

    public static LocalSecrets loadOrCreate(Path workDir) {
        return new LocalSecrets(
                readOrCreate(platformKeyFile(workDir), ApiKeyDigest::newKey),
                readOrCreate(adminKeyFile(workDir), ApiKeyDigest::newKey),
                readOrCreate(
                        workDir.resolve("secrets").resolve("identity-signing.key"),
                        () -> IdentityKeys.generate(LOCAL_KEY_ID).encoded()));
    }

    /**
     * The local admin key: {@code up} registers its digest as an admin key; the CLI's operations ({@code reprocess},
     * {@code etl}, {@code runs}…) call the gateway's admin routes with it unless told another {@code --key-file}.
     */
    public static Path adminKeyFile(Path workDir) {
        return workDir.resolve("secrets").resolve("admin.key");
    }

    /** The public half, as the backends take it. */
    public String identityVerificationKeys() {
        return IdentityKeys.parseSigningKey(identitySigningKey)
                .verificationKey()
                .encoded();
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
        return "LocalSecrets[platformKey=***, adminKey=***, identitySigningKey=***]";
    }

    private static String readOrCreate(Path file, Supplier<String> newValue) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.UTF_8).trim();
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        String value = newValue.get();
        OwnerOnlyFile.write(file, value + "\n");
        return value;
    }
}
