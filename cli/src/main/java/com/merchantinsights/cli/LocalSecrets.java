package com.merchantinsights.cli;

import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.core.privacy.PseudonymKey;
import com.merchantinsights.core.privacy.Pseudonymizer;
import com.merchantinsights.core.secret.OwnerOnlyFile;
import com.merchantinsights.service.identity.IdentityKeys;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The local stack's secrets, created on first start under {@code <workDir>/secrets} (owner-only from their creation,
 * written whole: {@link OwnerOnlyFile}) and reused afterwards: the local platform key (registered in the warehouse's key
 * table by {@link LocalServices}), the local admin key (the same), the gateway's Ed25519 identity signing key,
 * {@code <key id>:<base64 PKCS#8>} (the backends are given only its public key), and the pseudonym key,
 * {@code <key id>:<base64 secret>}, with which the events API publishes customer and anonymous ids as pseudonyms and the
 * operations service finds a person (issue 23, decision 0053). The pseudonym key is kept like the others: a new key
 * would give every customer a second pseudonym, counted twice in ranges spanning the change.
 */
public record LocalSecrets(
        String platformKey, String adminKey, String identitySigningKey, Optional<PseudonymKey> pseudonymKey) {
    /** The local gateway's key id; a new key (delete the file) gets the same id, the backends restart with it. */
    static final String LOCAL_KEY_ID = "local-1";

    /** The local pseudonym key's id (lower-case letters and digits: it is written into every pseudonym). */
    static final String LOCAL_PSEUDONYM_KEY_ID = "local1";

    public LocalSecrets {
        Objects.requireNonNull(platformKey, "platformKey");
        Objects.requireNonNull(adminKey, "adminKey");
        Objects.requireNonNull(identitySigningKey, "identitySigningKey");
        Objects.requireNonNull(pseudonymKey, "pseudonymKey");
    }

    /** Secrets without a pseudonym key: identifiers are stored as sent. */
    public LocalSecrets(String platformKey, String adminKey, String identitySigningKey) {
        this(platformKey, adminKey, identitySigningKey, Optional.empty());
    }

    /** Whether the local services publish pseudonyms: chosen at each start, kept by the work directory. */
    public enum Pseudonyms {
        /**
         * {@code bin/insights up}'s default: a new work directory gets a pseudonym key with its other secrets; one that
         * has a key keeps using it; one made without (before pseudonyms, or with {@link #OFF}) stays without, since
         * turning them on would count its customers twice.
         */
        DEFAULT,
        /** On: the work directory's key, made now if it has none (a work directory holding identifiers turns them on). */
        ON,
        /** Off for this start: identifiers are stored as sent; no key is made or read. */
        OFF,
        /**
         * The work directory's key if it has one, none made: for a process that starts services beside others it does
         * not configure (the chaos run's second events API), so that all of them agree.
         */
        KEPT
    }

    /** The secrets, a pseudonym key only where the work directory already has one ({@link Pseudonyms#KEPT}). */
    public static LocalSecrets loadOrCreate(Path workDir) {
        return loadOrCreate(workDir, Pseudonyms.KEPT);
    }

    public static LocalSecrets loadOrCreate(Path workDir, Pseudonyms pseudonyms) {
        boolean firstStart = !Files.exists(platformKeyFile(workDir));
        String platformKey = readOrCreate(platformKeyFile(workDir), ApiKeyDigest::newKey);
        String adminKey = readOrCreate(adminKeyFile(workDir), ApiKeyDigest::newKey);
        String signingKey = readOrCreate(
                workDir.resolve("secrets").resolve("identity-signing.key"),
                () -> IdentityKeys.generate(LOCAL_KEY_ID).encoded());
        Path keyFile = pseudonymKeyFile(workDir);
        boolean make = pseudonyms == Pseudonyms.ON || (pseudonyms == Pseudonyms.DEFAULT && firstStart);
        Optional<String> key = pseudonyms == Pseudonyms.OFF
                ? Optional.empty()
                : make ? Optional.of(readOrCreate(keyFile, LocalSecrets::newPseudonymKey)) : read(keyFile);
        try {
            return new LocalSecrets(platformKey, adminKey, signingKey, key.map(PseudonymKey::parse));
        } catch (IllegalArgumentException e) {
            throw new IllegalStateException(keyFile + ": " + e.getMessage(), e);
        }
    }

    /**
     * What a start with {@code pseudonyms} changes for the identifiers this work directory already holds, said before
     * {@link #loadOrCreate(Path, Pseudonyms)} makes anything; empty when nothing changes.
     */
    public static Optional<String> pseudonymWarning(Path workDir, Pseudonyms pseudonyms) {
        boolean holdsData = Files.exists(platformKeyFile(workDir));
        boolean hasKey = Files.exists(pseudonymKeyFile(workDir));
        if (pseudonyms == Pseudonyms.ON && holdsData && !hasKey) {
            return Optional.of("pseudonyms turned on for a work directory that holds identifiers: a customer seen"
                    + " before and after this start counts twice in unique-customer figures spanning it");
        }
        if (pseudonyms == Pseudonyms.OFF && hasKey) {
            return Optional.of("this work directory publishes pseudonyms; this start stores identifiers as sent, so a"
                    + " customer sent now and before counts twice (" + pseudonymKeyFile(workDir) + " is kept)");
        }
        if (pseudonyms == Pseudonyms.DEFAULT && holdsData && !hasKey) {
            return Optional.of("this work directory was made without pseudonyms and keeps identifiers as sent"
                    + " (--pseudonymize turns them on; --fresh starts a new one with them)");
        }
        return Optional.empty();
    }

    /**
     * The local admin key: {@code up} registers its digest as an admin key; the CLI's operations ({@code reprocess},
     * {@code etl}, {@code runs}…) call the gateway's admin routes with it unless told another {@code --key-file}.
     */
    public static Path adminKeyFile(Path workDir) {
        return workDir.resolve("secrets").resolve("admin.key");
    }

    /** The pseudonym key, as the chart's Secret names it ({@code identity-pseudonym-key}). */
    public static Path pseudonymKeyFile(Path workDir) {
        return workDir.resolve("secrets").resolve("identity-pseudonym.key");
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

    /** Never the values: a log line or an exception message must not carry a secret (the pseudonym key shows its id). */
    @Override
    public String toString() {
        return "LocalSecrets[platformKey=***, adminKey=***, identitySigningKey=***, pseudonymKey=" + pseudonymKey + "]";
    }

    /** {@code <key id>:<base64 of 32 random bytes>}, as {@code openssl rand -base64 32} makes the secret. */
    static String newPseudonymKey() {
        byte[] secret = new byte[Pseudonymizer.MIN_SECRET_BYTES];
        new SecureRandom().nextBytes(secret);
        return LOCAL_PSEUDONYM_KEY_ID + ":" + Base64.getEncoder().encodeToString(secret);
    }

    private static Optional<String> read(Path file) {
        try {
            return Files.exists(file)
                    ? Optional.of(Files.readString(file, StandardCharsets.UTF_8).trim())
                    : Optional.empty();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String readOrCreate(Path file, Supplier<String> newValue) {
        Optional<String> kept = read(file);
        if (kept.isPresent()) {
            return kept.get();
        }
        String value = newValue.get();
        OwnerOnlyFile.write(file, value + "\n");
        return value;
    }
}
