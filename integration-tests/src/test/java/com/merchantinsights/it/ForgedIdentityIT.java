package com.merchantinsights.it;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Identity;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.identity.Audiences;
import com.merchantinsights.service.identity.IdentityHeader;
import com.merchantinsights.service.identity.IdentityKeys;
import com.merchantinsights.service.identity.IdentitySigner;
import com.merchantinsights.service.identity.RequestBinding;
import com.merchantinsights.stack.Ports;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Someone who can reach a backend directly — past the gateway, inside the cluster — and holds a token the gateway
 * signed for another request, or makes their own: every such request is refused by the real events and insights
 * APIs (decision 0038). Each refusal is paired with the same request under a good token, which is accepted, so that
 * a refusal cannot come from anything but the token.
 */
@ExtendWith(SharedSystem.class)
class ForgedIdentityIT {
    private static final Ports PORTS = Ports.defaults().offsetBy(SharedSystem.PORT_OFFSET);
    private static final String MERCHANT = "m_forged_identity";
    private static final Identity WRITER =
            new Identity("key_forged_writer", Scope.MERCHANT_WRITE, Optional.of(new MerchantId(MERCHANT)));
    private static final Identity PLATFORM = new Identity("key_forged_platform", Scope.PLATFORM, Optional.empty());

    private final HttpClient http = HttpClient.newHttpClient();
    private IdentitySigner gateway;

    @BeforeEach
    void gatewayKey() {
        gateway = new IdentitySigner(
                IdentityKeys.parseSigningKey(SharedSystem.system().secrets().identitySigningKey()));
    }

    @Test
    void aTokenMadeForOneRequestIsRefusedOnAnyOtherAndOnItsOwnASecondTime() throws Exception {
        String body = WalkingSkeletonIT.order(MERCHANT, "forged-" + System.nanoTime(), Instant.now());
        String token = token(gateway, WRITER, Audiences.EVENTS_API, "POST", "/v1/events", body, Instant.now());

        assertThat(postEvents(token, body)).as("the request it was made for").isEqualTo(202);
        assertThat(postEvents(token, body)).as("the same request again").isEqualTo(401);

        String other = WalkingSkeletonIT.order(MERCHANT, "forged-other-" + System.nanoTime(), Instant.now());
        String forBody = token(gateway, WRITER, Audiences.EVENTS_API, "POST", "/v1/events", body, Instant.now());
        assertThat(postEvents(forBody, other)).as("another body").isEqualTo(401);

        String forInsights = token(gateway, WRITER, Audiences.INSIGHTS_API, "POST", "/v1/events", other, Instant.now());
        assertThat(postEvents(forInsights, other)).as("another backend's token").isEqualTo(401);
        assertThat(postEvents(
                        token(gateway, WRITER, Audiences.EVENTS_API, "POST", "/v1/events", other, Instant.now()),
                        other))
                .as("the same request under a good token")
                .isEqualTo(202);
    }

    @Test
    void aTokenForAnotherMethodIsRefused() throws Exception {
        String path = "/v1/merchants/" + MERCHANT;
        String forPut = token(gateway, PLATFORM, Audiences.INSIGHTS_API, "PUT", path, "", Instant.now());
        assertThat(get(path, forPut)).isEqualTo(401);
        String forGet = token(gateway, PLATFORM, Audiences.INSIGHTS_API, "GET", path, "", Instant.now());
        assertThat(get(path, forGet)).as("the same request under a good token").isIn(200, 404);
    }

    @Test
    void aTokenSignedWithAnyOtherKeyIsRefusedEvenUnderTheGatewaysKeyId() throws Exception {
        String path = "/v1/merchants/" + MERCHANT;
        IdentitySigner impostor = new IdentitySigner(IdentityKeys.generate(gatewayKeyId()));
        assertThat(get(path, token(impostor, PLATFORM, Audiences.INSIGHTS_API, "GET", path, "", Instant.now())))
                .isEqualTo(401);
    }

    @Test
    void aTokenFromTheFutureOrThePastIsRefused() throws Exception {
        String path = "/v1/merchants/" + MERCHANT;
        Instant now = Instant.now();
        assertThat(get(path, token(gateway, PLATFORM, Audiences.INSIGHTS_API, "GET", path, "", now.plusSeconds(60))))
                .as("future-dated")
                .isEqualTo(401);
        assertThat(get(path, token(gateway, PLATFORM, Audiences.INSIGHTS_API, "GET", path, "", now.minusSeconds(60))))
                .as("expired")
                .isEqualTo(401);
    }

    private String gatewayKeyId() {
        return gateway.keyId();
    }

    private static String token(
            IdentitySigner signer,
            Identity identity,
            String audience,
            String method,
            String path,
            String body,
            Instant issued) {
        return signer.sign(identity, RequestBinding.of(audience, method, path, null, body.getBytes(UTF_8)), issued);
    }

    private int postEvents(String token, String body) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.eventsApi() + "/v1/events"))
                                .timeout(Duration.ofSeconds(30))
                                .header(IdentityHeader.NAME, token)
                                .header("Content-Type", "application/json")
                                .POST(HttpRequest.BodyPublishers.ofString(body))
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }

    private int get(String path, String token) throws Exception {
        return http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + PORTS.insightsApi() + path))
                                .timeout(Duration.ofSeconds(30))
                                .header(IdentityHeader.NAME, token)
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.discarding())
                .statusCode();
    }
}
