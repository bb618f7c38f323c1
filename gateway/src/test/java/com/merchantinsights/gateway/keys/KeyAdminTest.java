package com.merchantinsights.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.keys.IssuedApiKey;
import com.merchantinsights.service.keys.KeyAdmin;
import com.merchantinsights.service.keys.KeyStoreException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Key administration against a real PostgreSQL with the real migration. */
class KeyAdminTest {
    private static final Optional<MerchantId> DEMO = Optional.of(new MerchantId("m_demo"));
    private static TestingWarehouse warehouse;
    private KeyAdmin admin;

    @BeforeAll
    static void startWarehouse() {
        warehouse = TestingWarehouse.start();
    }

    @AfterAll
    static void stopWarehouse() {
        warehouse.close();
    }

    @BeforeEach
    void emptyTable() {
        warehouse.execute("TRUNCATE api_keys, admin_audit");
        admin = warehouse.keyAdmin();
    }

    @Test
    void theOperatorsOwnKeyChangesRecordTheirOsUserAndAFailedRevokeRecordsNothing() {
        String me = "os-user:" + System.getProperty("user.name");
        IssuedApiKey issued = admin.create(Scope.PLATFORM, Optional.empty(), "cli");
        assertThat(admin.list())
                .singleElement()
                .satisfies(key -> assertThat(key.createdBy()).contains(me));
        assertThat(admin.revoke(issued.keyId())).isTrue();
        assertThat(admin.revoke(issued.keyId())).isFalse();
        Optional<IssuedApiKey> first = admin.bootstrapAdmin();
        assertThat(admin.audit(10))
                .extracting(
                        e -> e.actor() + " " + e.action() + " " + e.subject().orElse("-"))
                .containsExactly(
                        me + " key.bootstrap-admin " + first.orElseThrow().keyId(),
                        me + " key.revoke " + issued.keyId(),
                        me + " key.create " + issued.keyId());
    }

    @Test
    void storesTheDigestOfANewKeyAndNeverItsSecret() throws Exception {
        IssuedApiKey issued = admin.create(Scope.MERCHANT_READ, DEMO, "dashboard");

        assertThat(issued.keyId()).matches("key_[a-z0-9]{12}");
        assertThat(issued.secret()).startsWith(ApiKeyDigest.PREFIX);
        assertThat(issued.toString()).doesNotContain(issued.secret());
        try (Connection connection = warehouse.dataSource().getConnection();
                Statement statement = connection.createStatement();
                ResultSet row = statement.executeQuery("SELECT k::text AS whole, digest FROM api_keys k")) {
            row.next();
            assertThat(row.getString("digest")).isEqualTo(ApiKeyDigest.sha256Hex(issued.secret()));
            assertThat(row.getString("whole")).doesNotContain(issued.secret().substring(ApiKeyDigest.PREFIX.length()));
        }
        assertThat(admin.list()).singleElement().satisfies(key -> {
            assertThat(key.keyId()).isEqualTo(issued.keyId());
            assertThat(key.scope()).isEqualTo(Scope.MERCHANT_READ);
            assertThat(key.merchant()).isEqualTo(DEMO);
            assertThat(key.description()).isEqualTo("dashboard");
            assertThat(key.active()).isTrue();
        });
    }

    @Test
    void aMerchantKeyNeedsItsMerchantAndOtherKeysHaveNone() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> admin.create(Scope.MERCHANT_WRITE, Optional.empty(), null));
        assertThatIllegalArgumentException().isThrownBy(() -> admin.create(Scope.PLATFORM, DEMO, null));
        assertThatThrownBy(() ->
                        warehouse.execute("INSERT INTO api_keys (key_id, digest, scope) VALUES ('key_aaaaaaaaaaaa', '"
                                + ApiKeyDigest.sha256Hex("x") + "', 'merchant-read')"))
                .hasMessageContaining("INSERT");
        assertThatThrownBy(() ->
                        warehouse.execute("INSERT INTO api_keys (key_id, digest, scope) VALUES ('key_aaaaaaaaaaaa', '"
                                + ApiKeyDigest.sha256Hex("x") + "', 'superuser')"))
                .hasMessageContaining("INSERT");
        assertThat(admin.list()).isEmpty();
    }

    @Test
    void revocationIsFinalAndUnknownKeysAreReported() {
        IssuedApiKey issued = admin.create(Scope.PLATFORM, Optional.empty(), "");

        assertThat(admin.revoke(issued.keyId())).isTrue();
        assertThat(admin.revoke(issued.keyId())).as("already revoked").isFalse();
        assertThat(admin.revoke("key_doesnotexist")).isFalse();
        assertThat(admin.list())
                .singleElement()
                .satisfies(key -> assertThat(key.revokedAt()).isPresent());
    }

    @Test
    void bootstrapCreatesAnAdminKeyOnlyWhileNoneIsActive() {
        Optional<IssuedApiKey> first = admin.bootstrapAdmin();
        assertThat(first).map(IssuedApiKey::scope).contains(Scope.ADMIN);
        assertThat(admin.bootstrapAdmin()).isEmpty();

        admin.revoke(first.get().keyId());
        assertThat(admin.bootstrapAdmin()).as("the only admin key was revoked").isPresent();
    }

    @Test
    void registeringAnExistingSecretIsIdempotentButNeverRevivesARevokedKey() {
        String secret = ApiKeyDigest.newKey();
        String keyId = admin.ensureRegistered(secret, Scope.PLATFORM, Optional.empty(), "local platform key");

        assertThat(admin.ensureRegistered(secret, Scope.PLATFORM, Optional.empty(), "again"))
                .isEqualTo(keyId);
        assertThat(admin.list()).hasSize(1);
        assertThatThrownBy(() -> admin.ensureRegistered(secret, Scope.ADMIN, Optional.empty(), ""))
                .isInstanceOf(KeyStoreException.class)
                .hasMessageContaining("registered as platform");
        admin.revoke(keyId);
        assertThatThrownBy(() -> admin.ensureRegistered(secret, Scope.PLATFORM, Optional.empty(), ""))
                .isInstanceOf(KeyStoreException.class)
                .hasMessageContaining("revoked");
    }
}
