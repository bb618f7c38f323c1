package com.merchantinsights.service.keys;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.ApiKeyDigest;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.audit.AdminAudit;
import java.security.SecureRandom;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * Creates, lists and revokes API keys in the warehouse's {@code api_keys} table; used by {@code bin/insights keys}
 * and by the local stack to register its platform key. Gateways notice every change within their refresh interval.
 */
public final class KeyAdmin {
    /** Serialises {@link #bootstrapAdmin()} across processes: any fixed number, used for nothing else. */
    private static final long BOOTSTRAP_LOCK = 0x4d49_4b45_5953L;

    private static final String KEY_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789";
    private static final int KEY_ID_LENGTH = 12;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final DataSource dataSource;

    public KeyAdmin(DataSource dataSource) {
        this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    }

    /** An administrator of the warehouse at {@code jdbcUrl}, one connection per call (no pool: commands are rare). */
    public static KeyAdmin forWarehouse(String jdbcUrl, String user, String password) {
        PGSimpleDataSource dataSource = new PGSimpleDataSource();
        dataSource.setUrl(jdbcUrl);
        dataSource.setUser(user);
        dataSource.setPassword(password);
        dataSource.setConnectTimeout(5);
        return new KeyAdmin(dataSource);
    }

    /** A new key made by the operator at this machine ({@link Actor#osUser()}). */
    public IssuedApiKey create(Scope scope, Optional<MerchantId> merchant, String description) {
        return create(scope, merchant, description, Actor.osUser());
    }

    /**
     * A new key with a fresh 256-bit secret; the caller shows the secret once. The key records who made it, and the
     * act is in {@code admin_audit}, in the same transaction.
     */
    public IssuedApiKey create(Scope scope, Optional<MerchantId> merchant, String description, Actor by) {
        requireMerchantMatchesScope(scope, merchant);
        String secret = ApiKeyDigest.newKey();
        return inTransaction("could not create the key", connection -> {
            String keyId = insert(connection, secret, scope, merchant, description, by);
            audit(connection, by, "key.create", keyId);
            return new IssuedApiKey(keyId, secret, scope, merchant);
        });
    }

    /** Every key, active and revoked, oldest first; never a secret (the table has none). */
    public List<StoredApiKey> list() {
        String sql = "SELECT key_id, scope, merchant_id, description, created_at, revoked_at, created_by FROM api_keys"
                + " ORDER BY created_at, key_id";
        try (Connection connection = dataSource.getConnection();
                Statement statement = connection.createStatement();
                ResultSet rows = statement.executeQuery(sql)) {
            List<StoredApiKey> keys = new ArrayList<>();
            while (rows.next()) {
                String merchant = rows.getString("merchant_id");
                Timestamp revoked = rows.getTimestamp("revoked_at");
                keys.add(new StoredApiKey(
                        rows.getString("key_id"),
                        Scope.fromWireName(rows.getString("scope")),
                        Optional.ofNullable(merchant).map(MerchantId::new),
                        Objects.requireNonNullElse(rows.getString("description"), ""),
                        rows.getTimestamp("created_at").toInstant(),
                        Optional.ofNullable(revoked).map(Timestamp::toInstant),
                        Optional.ofNullable(rows.getString("created_by"))));
            }
            return keys;
        } catch (SQLException e) {
            throw new KeyStoreException("could not list the keys", e);
        }
    }

    /** Revokes a key for the operator at this machine ({@link Actor#osUser()}). */
    public boolean revoke(String keyId) {
        return revoke(keyId, Actor.osUser());
    }

    /** Revokes an active key; false when there is no such active key. Revocation is final, and audited. */
    public boolean revoke(String keyId, Actor by) {
        return inTransaction("could not revoke " + keyId, connection -> {
            try (PreparedStatement update = connection.prepareStatement(
                    "UPDATE api_keys SET revoked_at = now() WHERE key_id = ? AND revoked_at IS NULL")) {
                update.setString(1, keyId);
                if (update.executeUpdate() != 1) {
                    return false;
                }
            }
            audit(connection, by, "key.revoke", keyId);
            return true;
        });
    }

    /** The administrative acts, newest first. */
    public List<AdminAudit.Entry> audit(int limit) {
        try (Connection connection = dataSource.getConnection()) {
            return AdminAudit.newest(connection, limit);
        } catch (SQLException e) {
            throw new KeyStoreException("could not read the audit", e);
        }
    }

    private interface Work<T> {
        T run(Connection connection) throws SQLException;
    }

    private <T> T inTransaction(String failure, Work<T> work) {
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                T result = work.run(connection);
                connection.commit();
                return result;
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new KeyStoreException(failure, e);
        }
    }

    private static void audit(Connection connection, Actor by, String action, String subject) throws SQLException {
        AdminAudit.record(connection, by.id(), action, subject, by.requestId().orElse(null));
    }

    /**
     * The first admin key, only when no active admin key exists (decision 0006); empty otherwise. Two
     * concurrent calls create at most one key.
     */
    public Optional<IssuedApiKey> bootstrapAdmin() {
        String secret = ApiKeyDigest.newKey();
        try (Connection connection = dataSource.getConnection()) {
            connection.setAutoCommit(false);
            try {
                try (Statement bounded = connection.createStatement()) {
                    // Another bootstrap holds the lock for milliseconds; a stuck one must not hang this one.
                    bounded.execute("SET LOCAL lock_timeout = 5000");
                }
                try (PreparedStatement lock = connection.prepareStatement("SELECT pg_advisory_xact_lock(?)")) {
                    lock.setLong(1, BOOTSTRAP_LOCK);
                    lock.execute();
                }
                try (Statement statement = connection.createStatement();
                        ResultSet admins = statement.executeQuery(
                                "SELECT count(*) FROM api_keys WHERE scope = 'admin' AND revoked_at IS NULL")) {
                    admins.next();
                    if (admins.getLong(1) > 0) {
                        connection.rollback();
                        return Optional.empty();
                    }
                }
                Actor by = Actor.osUser();
                String keyId = insert(
                        connection, secret, Scope.ADMIN, Optional.empty(), "first admin key (bootstrap-admin)", by);
                audit(connection, by, "key.bootstrap-admin", keyId);
                connection.commit();
                return Optional.of(new IssuedApiKey(keyId, secret, Scope.ADMIN, Optional.empty()));
            } catch (SQLException | RuntimeException e) {
                connection.rollback();
                throw e;
            }
        } catch (SQLException e) {
            throw new KeyStoreException("could not bootstrap the admin key", e);
        }
    }

    /**
     * Makes sure a secret that already exists (the local stack's platform key file) is an active key of this scope:
     * registers its digest when missing, does nothing when present. Returns the key id.
     *
     * @throws KeyStoreException when the secret is registered but revoked, or with another scope or merchant
     */
    public String ensureRegistered(String secret, Scope scope, Optional<MerchantId> merchant, String description) {
        requireMerchantMatchesScope(scope, merchant);
        String digest = ApiKeyDigest.sha256Hex(secret);
        try (Connection connection = dataSource.getConnection()) {
            try (PreparedStatement insert = connection.prepareStatement(
                    "INSERT INTO api_keys (key_id, digest, scope, merchant_id, description, created_by)"
                            + " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (digest) DO NOTHING")) {
                bind(insert, newKeyId(), digest, scope, merchant, description, Actor.osUser());
                insert.executeUpdate();
            }
            try (PreparedStatement select = connection.prepareStatement(
                    "SELECT key_id, scope, merchant_id, revoked_at FROM api_keys WHERE digest = ?")) {
                select.setString(1, digest);
                try (ResultSet row = select.executeQuery()) {
                    row.next();
                    String keyId = row.getString("key_id");
                    if (row.getTimestamp("revoked_at") != null) {
                        throw new KeyStoreException("the key " + keyId + " was revoked; it cannot be used again", null);
                    }
                    if (!scope.wireName().equals(row.getString("scope"))
                            || !Objects.equals(
                                    merchant.map(MerchantId::value).orElse(null), row.getString("merchant_id"))) {
                        throw new KeyStoreException(
                                "the key " + keyId + " is registered as " + row.getString("scope") + " key, not "
                                        + scope.wireName(),
                                null);
                    }
                    return keyId;
                }
            }
        } catch (SQLException e) {
            throw new KeyStoreException("could not register the key", e);
        }
    }

    private static String insert(
            Connection connection,
            String secret,
            Scope scope,
            Optional<MerchantId> merchant,
            String description,
            Actor by)
            throws SQLException {
        String keyId = newKeyId();
        try (PreparedStatement insert = connection.prepareStatement(
                "INSERT INTO api_keys (key_id, digest, scope, merchant_id, description, created_by)"
                        + " VALUES (?, ?, ?, ?, ?, ?)")) {
            bind(insert, keyId, ApiKeyDigest.sha256Hex(secret), scope, merchant, description, by);
            insert.executeUpdate();
        }
        return keyId;
    }

    private static void bind(
            PreparedStatement insert,
            String keyId,
            String digest,
            Scope scope,
            Optional<MerchantId> merchant,
            String description,
            Actor by)
            throws SQLException {
        insert.setString(1, keyId);
        insert.setString(2, digest);
        insert.setString(3, scope.wireName());
        insert.setString(4, merchant.map(MerchantId::value).orElse(null));
        insert.setString(5, description == null || description.isBlank() ? null : description.strip());
        insert.setString(6, by.id());
    }

    private static void requireMerchantMatchesScope(Scope scope, Optional<MerchantId> merchant) {
        boolean merchantScope = scope == Scope.MERCHANT_READ || scope == Scope.MERCHANT_WRITE;
        if (merchantScope && merchant.isEmpty()) {
            throw new IllegalArgumentException("a " + scope.wireName() + " key needs its merchant");
        }
        if (!merchantScope && merchant.isPresent()) {
            throw new IllegalArgumentException("a " + scope.wireName() + " key belongs to no merchant");
        }
    }

    /** {@code key_} and 12 random lowercase letters or digits: public, short, and enough to never collide in practice. */
    static String newKeyId() {
        StringBuilder id = new StringBuilder("key_");
        for (int i = 0; i < KEY_ID_LENGTH; i++) {
            id.append(KEY_ID_ALPHABET.charAt(RANDOM.nextInt(KEY_ID_ALPHABET.length())));
        }
        return id.toString();
    }
}
