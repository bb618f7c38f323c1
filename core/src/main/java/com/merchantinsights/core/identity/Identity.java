package com.merchantinsights.core.identity;

import com.merchantinsights.core.event.MerchantId;
import java.util.Objects;
import java.util.Optional;

/**
 * The verified caller, as the gateway forwards it to the backends: which key, which scope and, for merchant
 * scopes, which merchant. Backends decide on this, never on anything the client sent.
 */
public record Identity(String keyId, Scope scope, Optional<MerchantId> merchant) {
    public Identity {
        Objects.requireNonNull(keyId, "keyId");
        Objects.requireNonNull(scope, "scope");
        Objects.requireNonNull(merchant, "merchant");
        if ((scope == Scope.MERCHANT_READ || scope == Scope.MERCHANT_WRITE) && merchant.isEmpty()) {
            throw new IllegalArgumentException("a merchant scope needs its merchant");
        }
    }

    /** May this caller write events for the merchant? */
    public boolean mayWrite(MerchantId target) {
        return switch (scope) {
            case PLATFORM -> true;
            case MERCHANT_WRITE -> merchant.get().equals(target);
            case MERCHANT_READ, ADMIN -> false;
        };
    }

    /** May this caller read the merchant's insights? */
    public boolean mayRead(MerchantId target) {
        return switch (scope) {
            case PLATFORM, ADMIN -> true;
            case MERCHANT_READ -> merchant.get().equals(target);
            case MERCHANT_WRITE -> false;
        };
    }
}
