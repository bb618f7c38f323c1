package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The access rule in memory; {@link ControlServerTest} shows it in front of the routes on a real socket. */
class ControlAccessTest {
    @TempDir
    Path temp;

    private ControlAccess access;
    private String token;

    @BeforeEach
    void token() throws IOException {
        ControlToken controlToken = ControlToken.random(new SecureRandom());
        Path file = temp.resolve("spark-control.token");
        controlToken.writeTo(file);
        token = Files.readString(file);
        access = new ControlAccess(controlToken);
    }

    @Test
    void theBearerSchemeIsCaseInsensitiveAndNoOtherSchemeIsTaken() {
        assertThat(access.refusal("POST", "/etl", null, "Bearer " + token)).isEmpty();
        assertThat(access.refusal("POST", "/etl", null, "bearer " + token)).isEmpty();
        assertThat(status("POST", "/etl", null, "Basic " + token)).isEqualTo(401);
        assertThat(status("POST", "/etl", null, token)).isEqualTo(401);
        assertThat(status("POST", "/etl", null, "Bearer ")).isEqualTo(401);
        assertThat(status("POST", "/etl", null, "Bearer")).isEqualTo(401);
    }

    @Test
    void onlyTheReadinessProbeGoesWithoutTheToken() {
        assertThat(access.refusal("GET", "/ready", null, null)).isEmpty();
        assertThat(status("POST", "/ready", null, null)).isEqualTo(401);
        assertThat(status("GET", "/status", null, null)).isEqualTo(401);
        assertThat(status("GET", "/ready/../status", null, null)).isEqualTo(401);
    }

    @Test
    void anyOriginIsRefusedOnEveryRoute() {
        assertThat(status("GET", "/ready", "http://evil.example", null)).isEqualTo(403);
        assertThat(status("POST", "/reprocess/switch", "null", "Bearer " + token))
                .isEqualTo(403);
        assertThat(status("POST", "/etl", "", "Bearer " + token)).isEqualTo(403);
    }

    private int status(String method, String path, String origin, String authorization) {
        return access.refusal(method, path, origin, authorization)
                .map(ControlRoutes.Response::status)
                .orElse(200);
    }
}
