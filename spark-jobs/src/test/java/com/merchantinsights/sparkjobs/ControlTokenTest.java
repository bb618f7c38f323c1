package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.secret.OwnerOnlyFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ControlTokenTest {
    @TempDir
    Path temp;

    private final SecureRandom random = new SecureRandom();

    @Test
    void theTokenFileIsOwnerOnlyAndHolds256RandomBitsInBase64Url() throws IOException {
        Path file = temp.resolve("work/run/spark-control.token");
        ControlToken token = ControlToken.random(random);

        token.writeTo(file);

        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnlyFile.OWNER_ONLY);
        String text = Files.readString(file);
        assertThat(text).matches("[A-Za-z0-9_-]{43}");
        assertThat(Base64.getUrlDecoder().decode(text)).hasSize(256 / 8);
        assertThat(token.matches(text)).isTrue();
        try (Stream<Path> files = Files.list(file.getParent())) {
            assertThat(files).as("no temporary file left behind").containsExactly(file);
        }
    }

    @Test
    void aNewStartReplacesThePreviousTokenAndKeepsTheFileOwnerOnly() throws IOException {
        Path file = temp.resolve("spark-control.token");
        ControlToken first = ControlToken.random(random);
        ControlToken second = ControlToken.random(random);
        first.writeTo(file);

        second.writeTo(file);

        String text = Files.readString(file);
        assertThat(second.matches(text)).isTrue();
        assertThat(first.matches(text)).isFalse();
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(OwnerOnlyFile.OWNER_ONLY);
    }

    @Test
    void matchesItsOwnTextOnly() throws IOException {
        ControlToken token = ControlToken.random(random);
        Path file = temp.resolve("token");
        token.writeTo(file);
        String text = Files.readString(file);

        assertThat(token.matches(text)).isTrue();
        assertThat(token.matches(null)).isFalse();
        assertThat(token.matches("")).isFalse();
        assertThat(token.matches(text.substring(1))).isFalse();
        assertThat(token.matches(text + "x")).isFalse();
        assertThat(token.toString()).doesNotContain(text);
    }

    @Test
    void aStoppingDriverDeletesItsOwnTokenOnlyNotALaterStarts() throws IOException {
        Path file = temp.resolve("spark-control.token");
        ControlToken earlier = ControlToken.random(random);
        ControlToken later = ControlToken.random(random);
        later.writeTo(file);

        earlier.deleteFrom(file);
        assertThat(file).exists();

        later.deleteFrom(file);
        assertThat(file).doesNotExist();
    }
}
