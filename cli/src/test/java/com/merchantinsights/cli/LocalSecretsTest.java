package com.merchantinsights.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import com.merchantinsights.core.privacy.PseudonymKey;
import com.merchantinsights.core.secret.OwnerOnlyFile;
import com.merchantinsights.service.identity.IdentityKeys;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
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
    void aNewWorkDirectoryGetsAPseudonymKeyOnceAndKeepsItAcrossStarts() {
        assumeThat(workDir.getFileSystem().supportedFileAttributeViews()).contains("posix");

        LocalSecrets first = LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.DEFAULT);
        LocalSecrets second = LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.DEFAULT);

        PseudonymKey key = first.pseudonymKey().orElseThrow();
        assertThat(key.keyId()).isEqualTo("local1");
        assertThat(key.secret()).hasSize(32);
        assertThat(second.pseudonymKey()).as("a restart keeps the key").contains(key);
        assertThat(LocalSecrets.loadOrCreate(workDir).pseudonymKey())
                .as("a process that makes no key still uses the work directory's")
                .contains(key);
        assertThat(PseudonymKey.parse(readKeyFile())).isEqualTo(key);
        assertThat(OwnerOnlyFile.octalPermissions(LocalSecrets.pseudonymKeyFile(workDir)))
                .contains("0600");
        assertThat(LocalSecrets.pseudonymWarning(workDir, LocalSecrets.Pseudonyms.DEFAULT))
                .isEmpty();
    }

    @Test
    void twoWorkDirectoriesGetDifferentPseudonymKeys(@TempDir Path other) {
        assertThat(LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.DEFAULT)
                        .pseudonymKey())
                .isNotEqualTo(LocalSecrets.loadOrCreate(other, LocalSecrets.Pseudonyms.DEFAULT)
                        .pseudonymKey());
    }

    @Test
    void aWorkDirectoryMadeWithoutPseudonymsStaysWithoutUnlessTurnedOn() {
        LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.OFF); // made before pseudonyms, or with them off

        assertThat(LocalSecrets.pseudonymWarning(workDir, LocalSecrets.Pseudonyms.DEFAULT))
                .hasValueSatisfying(text -> assertThat(text).contains("made without pseudonyms"));
        assertThat(LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.DEFAULT)
                        .pseudonymKey())
                .isEmpty();
        assertThat(LocalSecrets.pseudonymKeyFile(workDir)).doesNotExist();

        assertThat(LocalSecrets.pseudonymWarning(workDir, LocalSecrets.Pseudonyms.ON))
                .hasValueSatisfying(text -> assertThat(text).contains("counts twice"));
        PseudonymKey turnedOn = LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.ON)
                .pseudonymKey()
                .orElseThrow();
        assertThat(LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.DEFAULT)
                        .pseudonymKey())
                .as("once on, the work directory keeps its key")
                .contains(turnedOn);
    }

    @Test
    void offStoresIdentifiersAsSentForOneStartAndKeepsTheKey() {
        PseudonymKey key = LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.DEFAULT)
                .pseudonymKey()
                .orElseThrow();

        assertThat(LocalSecrets.pseudonymWarning(workDir, LocalSecrets.Pseudonyms.OFF))
                .hasValueSatisfying(text -> assertThat(text).contains("counts twice"));
        assertThat(LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.OFF)
                        .pseudonymKey())
                .isEmpty();
        assertThat(LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.DEFAULT)
                        .pseudonymKey())
                .contains(key);
    }

    @Test
    void keptMakesNoKeyInANewWorkDirectory() {
        assertThat(LocalSecrets.loadOrCreate(workDir).pseudonymKey()).isEmpty();
        assertThat(LocalSecrets.pseudonymKeyFile(workDir)).doesNotExist();
    }

    @Test
    void aBrokenKeyFileStopsTheStartNamingTheFileNotTheSecret() throws Exception {
        Files.createDirectories(LocalSecrets.pseudonymKeyFile(workDir).getParent());
        Files.writeString(LocalSecrets.pseudonymKeyFile(workDir), "local1:c2hvcnQ=\n");

        assertThatThrownBy(() -> LocalSecrets.loadOrCreate(workDir, LocalSecrets.Pseudonyms.DEFAULT))
                .hasMessageContaining(LocalSecrets.pseudonymKeyFile(workDir).toString())
                .hasMessageNotContaining("c2hvcnQ=");
    }

    private String readKeyFile() {
        try {
            return Files.readString(LocalSecrets.pseudonymKeyFile(workDir)).trim();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void toStringCarriesNeitherSecret() {
        String signingKey = IdentityKeys.generate("local-1").encoded();
        String pseudonymKey = LocalSecrets.newPseudonymKey();
        LocalSecrets secrets = new LocalSecrets(
                "mi_platform_0123456789",
                "mi_admin_0123456789",
                signingKey,
                Optional.of(PseudonymKey.parse(pseudonymKey)));

        assertThat(secrets.toString())
                .contains("platformKey=***", "adminKey=***", "identitySigningKey=***", "keyId=local1")
                .doesNotContain(
                        "mi_platform_0123456789",
                        "mi_admin_0123456789",
                        signingKey.substring("local-1:".length()),
                        pseudonymKey.substring("local1:".length()));
    }
}
