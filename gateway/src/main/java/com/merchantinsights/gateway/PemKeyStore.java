package com.merchantinsights.gateway;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A certificate chain and its private key as PEM files — what cert-manager, Let's Encrypt clients and
 * {@code kubernetes.io/tls} Secrets hold — as the in-memory key store Jetty's TLS takes. The key is PKCS#8
 * ({@code BEGIN PRIVATE KEY}: RSA, EC or Ed25519), the chain the leaf first.
 */
final class PemKeyStore {
    static final String ALIAS = "gateway";
    private static final Pattern PKCS8 =
            Pattern.compile("-----BEGIN PRIVATE KEY-----([A-Za-z0-9+/=\\s]+)-----END PRIVATE KEY-----");

    private PemKeyStore() {}

    /** The key store and the (random, in-memory only) password that protects its entry. */
    record Loaded(KeyStore keyStore, char[] password) {}

    static Loaded load(Path certificateChain, Path privateKey) {
        try {
            List<? extends Certificate> chain = List.copyOf(CertificateFactory.getInstance("X.509")
                    .generateCertificates(new ByteArrayInputStream(Files.readAllBytes(certificateChain))));
            if (chain.isEmpty()) {
                throw new IllegalArgumentException("no certificate in " + certificateChain);
            }
            PrivateKey key = privateKey(Files.readString(privateKey, StandardCharsets.US_ASCII), privateKey);
            char[] password = java.util.UUID.randomUUID().toString().toCharArray();
            KeyStore store = KeyStore.getInstance("PKCS12");
            store.load(null, null);
            store.setKeyEntry(ALIAS, key, password, chain.toArray(Certificate[]::new));
            return new Loaded(store, password);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the gateway's TLS files", e);
        } catch (GeneralSecurityException e) {
            throw new IllegalArgumentException(
                    "the gateway's TLS certificate or key is not usable: " + e.getMessage(), e);
        }
    }

    private static PrivateKey privateKey(String pem, Path file) throws GeneralSecurityException {
        Matcher matcher = PKCS8.matcher(pem);
        if (!matcher.find()) {
            throw new IllegalArgumentException(file + " holds no PKCS#8 private key (-----BEGIN PRIVATE KEY-----);"
                    + " convert one with: openssl pkcs8 -topk8 -nocrypt -in old.key -out new.key");
        }
        byte[] der = Base64.getMimeDecoder().decode(matcher.group(1));
        GeneralSecurityException last = null;
        for (String algorithm : List.of("RSA", "EC", "Ed25519")) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(der));
            } catch (GeneralSecurityException e) {
                last = e;
            }
        }
        throw last;
    }
}
