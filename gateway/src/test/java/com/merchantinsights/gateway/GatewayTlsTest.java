package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.identity.IdentityKeys;
import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.Optional;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The gateway serves HTTPS from PEM files (a certificate chain and a PKCS#8 key), and nothing in clear text then. */
class GatewayTlsTest {
    private static final URI NOWHERE = URI.create("http://127.0.0.1:9");

    @TempDir
    Path dir;

    @Test
    void withACertificateAndKeyTheGatewayAnswersOverTlsOnly() throws Exception {
        KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        X509Certificate certificate = selfSigned(pair);
        Path chain = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        Files.writeString(chain, pem("CERTIFICATE", certificate.getEncoded()));
        Files.writeString(key, pem("PRIVATE KEY", pair.getPrivate().getEncoded()));
        InMemoryApiKeys keys = new InMemoryApiKeys();
        String reader = keys.add(new Identity("reader-1", Scope.PLATFORM, Optional.empty()));

        try (Gateway gateway = Gateway.start(
                GatewayConfig.defaults(
                                0, NOWHERE, NOWHERE, IdentityKeys.generate("gw").encoded())
                        .withTls(new GatewayConfig.Tls(chain, key)),
                keys)) {
            HttpClient trusting =
                    HttpClient.newBuilder().sslContext(trusting(certificate)).build();
            HttpResponse<String> secure = trusting.send(
                    HttpRequest.newBuilder(URI.create("https://localhost:" + gateway.port() + "/health/live"))
                            .timeout(Duration.ofSeconds(10))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(secure.statusCode()).isEqualTo(200);
            assertThat(secure.sslSession())
                    .map(s -> s.getProtocol())
                    .hasValueSatisfying(p -> assertThat(p).isIn("TLSv1.3", "TLSv1.2"));

            // A key sent in clear text to this port never reaches an answer.
            assertThatThrownBy(() -> HttpClient.newHttpClient()
                            .send(
                                    HttpRequest.newBuilder(
                                                    URI.create("http://localhost:" + gateway.port() + "/v1/metrics"))
                                            .header("Authorization", "Bearer " + reader)
                                            .timeout(Duration.ofSeconds(10))
                                            .build(),
                                    HttpResponse.BodyHandlers.ofString())
                            .statusCode())
                    .isInstanceOf(IOException.class);
        }
    }

    @Test
    void aKeyThatIsNotPkcs8IsRefusedWithHowToConvertIt() throws Exception {
        Path chain = dir.resolve("tls.crt");
        Path key = dir.resolve("tls.key");
        KeyPair pair = KeyPairGenerator.getInstance("EC").generateKeyPair();
        Files.writeString(chain, pem("CERTIFICATE", selfSigned(pair).getEncoded()));
        Files.writeString(key, "-----BEGIN EC PRIVATE KEY-----\nMHcCAQEE\n-----END EC PRIVATE KEY-----\n");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> PemKeyStore.load(chain, key))
                .withMessageContaining("openssl pkcs8 -topk8");
    }

    @Test
    void theDeployedGatewayWantsTlsOrToBeToldItIsHttpOnly() {
        var required = new java.util.HashMap<String, String>(java.util.Map.of(
                "INSIGHTS_EVENTS_API_URLS", "http://e",
                "INSIGHTS_INSIGHTS_API_URLS", "http://i",
                "INSIGHTS_IDENTITY_SIGNING_KEY", IdentityKeys.generate("gw").encoded()));
        assertThatIllegalArgumentException()
                .isThrownBy(() ->
                        GatewayConfig.fromEnvironment(new com.merchantinsights.service.EnvironmentSettings(required)))
                .withMessageContaining("INSIGHTS_TLS_CERT_FILE");
        required.put("INSIGHTS_TLS_CERT_FILE", "/tls/tls.crt");
        required.put("INSIGHTS_TLS_KEY_FILE", "/tls/tls.key");
        assertThat(GatewayConfig.fromEnvironment(new com.merchantinsights.service.EnvironmentSettings(required))
                        .tls())
                .contains(new GatewayConfig.Tls(Path.of("/tls/tls.crt"), Path.of("/tls/tls.key")));
    }

    private static X509Certificate selfSigned(KeyPair pair) throws Exception {
        X500Name name = new X500Name("CN=localhost");
        Instant now = Instant.now();
        var builder = new JcaX509v3CertificateBuilder(
                        name,
                        BigInteger.valueOf(now.toEpochMilli()),
                        Date.from(now.minusSeconds(60)),
                        Date.from(now.plus(Duration.ofDays(1))),
                        name,
                        pair.getPublic())
                .addExtension(
                        Extension.subjectAlternativeName,
                        false,
                        new GeneralNames(new GeneralName(GeneralName.dNSName, "localhost")));
        return new JcaX509CertificateConverter()
                .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA").build(pair.getPrivate())));
    }

    private static SSLContext trusting(X509Certificate certificate) throws Exception {
        KeyStore trust = KeyStore.getInstance("PKCS12");
        trust.load(null, null);
        trust.setCertificateEntry("gateway", certificate);
        TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        factory.init(trust);
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(null, factory.getTrustManagers(), null);
        return context;
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes()).encodeToString(der) + "\n-----END " + type + "-----\n";
    }
}
