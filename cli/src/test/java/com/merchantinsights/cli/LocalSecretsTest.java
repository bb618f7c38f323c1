package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.merchantinsights.core.secret.OwnerOnlyFile;
import com.merchantinsights.service.identity.IdentityKeys;
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
        assertThat(IdentityKeys.parseSigningKey(first.identitySigningKey()).keyId())
                .isEqualTo("local-1");
        assertThat(first.identityVerificationKeys())
                .as("the backends get the public half only")
                .isEqualTo(IdentityKeys.parseSigningKey(first.identitySigningKey())
                        .verificationKey()
                        .encoded())
                .doesNotContain(first.identitySigningKey().substring("local-1:".length()));
        assertThat(LocalSecrets.platformKeyFile(workDir)).hasContent(first.platformKey());
        assertThat(LocalSecrets.adminKeyFile(workDir)).hasContent(first.adminKey());
        assertThat(OwnerOnlyFile.octalPermissions(LocalSecrets.adminKeyFile(workDir)))
                .contains("0600");
        assertThat(workDir.resolve("secrets").resolve("identity-signing.key")).hasContent(first.identitySigningKey());
        assertThat(OwnerOnlyFile.octalPermissions(LocalSecrets.platformKeyFile(workDir)))
                .contains("0600");
        assertThat(OwnerOnlyFile.octalPermissions(workDir.resolve("secrets").resolve("identity-signing.key")))
                .contains("0600");
    }

    @Test
    void toStringCarriesNeitherSecret() {
        String signingKey = IdentityKeys.generate("local-1").encoded();
        LocalSecrets secrets = new LocalSecrets("mi_platform_0123456789", "mi_admin_0123456789", signingKey);

        assertThat(secrets.toString())
                .contains("platformKey=***", "adminKey=***", "identitySigningKey=***")
                .doesNotContain(
                        "mi_platform_0123456789", "mi_admin_0123456789", signingKey.substring("local-1:".length()));
    }
}
