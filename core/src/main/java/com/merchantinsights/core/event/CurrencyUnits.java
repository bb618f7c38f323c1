package com.merchantinsights.core.event;

import java.util.Currency;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * ISO 4217 minor-unit exponents (2 for INR, 0 for JPY, 3 for KWD), from the JDK's ISO 4217 table. Amounts are
 * integers of minor units, so a decimal amount converts exactly or not at all.
 */
public final class CurrencyUnits {
    private CurrencyUnits() {}

    /** The exponent of a known currency; empty for unknown codes and for units without one (gold, XXX…). */
    public static OptionalInt exponent(String code) {
        try {
            int digits = Currency.getInstance(code).getDefaultFractionDigits();
            return digits < 0 ? OptionalInt.empty() : OptionalInt.of(digits);
        } catch (IllegalArgumentException | NullPointerException e) {
            return OptionalInt.empty();
        }
    }

    /** A decimal amount in major units as integer minor units, if it has no more decimals than the exponent allows. */
    public static Optional<Long> toMinorUnits(java.math.BigDecimal major, String code) {
        OptionalInt exponent = exponent(code);
        if (exponent.isEmpty()) {
            return Optional.empty();
        }
        try {
            return Optional.of(major.movePointRight(exponent.getAsInt()).longValueExact());
        } catch (ArithmeticException e) {
            return Optional.empty();
        }
    }
}
