package com.merchantinsights.core.secret;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class OwnerOnlyFileTest {
    @TempDir
    Path dir;

    @BeforeEach
    void posixFileSystem() {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    }

    @Test
    void theFileHoldsTheWholeContentReadableByItsOwnerOnly() throws IOException {
        Path file = dir.resolve("secrets").resolve("platform.key");

        OwnerOnlyFile.write(file, "mi_0123456789abcdef\n");

        assertThat(Files.readString(file, StandardCharsets.UTF_8)).isEqualTo("mi_0123456789abcdef\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
                .isEqualTo("rw-------");
        assertThat(OwnerOnlyFile.octalPermissions(file)).contains("0600");
        assertThat(file.getParent()).isDirectoryNotContaining("glob:**.tmp");
    }

    /**
     * The file the content is written into is owner-only from the moment it exists, before a byte is written: no
     * reader ever finds it at the default permissions (write first, restrict afterwards leaves that window).
     */
    @Test
    void theFileIsOwnerOnlyBeforeAnyContentIsWritten() throws IOException {
        Path created = OwnerOnlyFile.createOwnerOnly(dir.resolve("platform.key"));

        assertThat(created).isEmptyFile().hasParent(dir);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(created)))
                .isEqualTo("rw-------");
    }

    @Test
    void replacingAFileKeepsItOwnerOnly() throws IOException {
        Path file = dir.resolve("identity-signing.key");
        Files.writeString(file, "old");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));

        OwnerOnlyFile.write(file, "new");

        assertThat(file).hasContent("new");
        assertThat(OwnerOnlyFile.octalPermissions(file)).contains("0600");
    }
}
