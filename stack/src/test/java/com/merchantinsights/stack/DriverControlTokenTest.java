package com.merchantinsights.stack;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DriverControlTokenTest {
    @TempDir
    Path temp;

    @Test
    void aRequestCarriesTheTokenTheDriverWroteUnderTheWorkDirectory() throws IOException {
        StackDirectories dirs = new StackDirectories(temp);
        Files.createDirectories(dirs.run());
        Files.writeString(dirs.controlToken(), "c2VjcmV0LXRva2VuLW9mLXRoaXMtc3RhcnQ\n");

        HttpRequest request = DriverControlToken.authorize(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:18090/etl")), dirs.controlToken())
                .build();

        assertThat(dirs.controlToken()).isEqualTo(temp.resolve("run/spark-control.token"));
        assertThat(request.headers().firstValue("Authorization"))
                .hasValue("Bearer c2VjcmV0LXRva2VuLW9mLXRoaXMtc3RhcnQ");
    }

    @Test
    void withoutATokenFileTheCallerIsToldWhereItLookedAndWhy() {
        Path missing = temp.resolve("run/spark-control.token");

        assertThatThrownBy(() -> DriverControlToken.read(missing))
                .isInstanceOf(StackException.class)
                .hasMessageContaining(missing.toString())
                .hasMessageContaining("is the Spark driver running?");
    }
}
