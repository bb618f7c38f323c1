package com.merchantinsights.stack;

import com.merchantinsights.core.secret.OwnerOnlyFile;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;

/** A local engine's password: read from its owner-only file, or made there (256 random bits) the first time. */
final class GeneratedSecret {
    private static final SecureRandom RANDOM = new SecureRandom();

    private GeneratedSecret() {}

    static String readOrCreate(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file, StandardCharsets.US_ASCII).trim();
            }
            String made = random();
            OwnerOnlyFile.write(file, made + "\n");
            return made;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read or write the secret " + file, e);
        }
    }

    /** 256 random bits, base64url: safe inside CQL and SQL string literals as they are. */
    static String random() {
        byte[] bytes = new byte[32];
        RANDOM.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }
}
