package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.merchantinsights.core.secret.OwnerOnlyFile;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalSecretsTest {
    @TempDir
    Path workDir;

    @Test
    void createsOwnerOnlyFilesOnFirstStartAndReusesThemAfterwards() {
        assumeThat(workDir.getFileSystem().supportedFileAttributeViews()).contains("posix");

        LocalSecrets first = LocalSecrets.loadOrCreate(workDir);
        LocalSecrets second = LocalSecrets.loadOrCreate(workDir);

        assertThat(second).isEqualTo(first);
        assertThat(LocalSecrets.platformKeyFile(workDir)).hasContent(first.platformKey());
        assertThat(workDir.resolve("secrets").resolve("gateway-signing.secret")).hasContent(first.signingSecret());
        assertThat(OwnerOnlyFile.octalPermissions(LocalSecrets.platformKeyFile(workDir)))
                .contains("0600");
        assertThat(OwnerOnlyFile.octalPermissions(workDir.resolve("secrets").resolve("gateway-signing.secret")))
                .contains("0600");
    }

    @Test
    void toStringCarriesNeitherSecret() {
        LocalSecrets secrets = new LocalSecrets("mi_platform_0123456789", "signing-0123456789");

        assertThat(secrets.toString())
                .contains("platformKey=***", "signingSecret=***")
                .doesNotContain("mi_platform_0123456789", "signing-0123456789");
    }
}
