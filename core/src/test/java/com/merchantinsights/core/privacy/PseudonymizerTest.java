package com.merchantinsights.core.privacy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class PseudonymizerTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final Pseudonymizer pseudonymizer = new Pseudonymizer("k1", SECRET);

    @Test
    void theSameIdentifierOfTheSameMerchantAlwaysGivesTheSamePseudonymAndAnotherMerchantsDiffers() {
        String first = pseudonymizer.pseudonym("m_1", "cust-42");
        assertThat(first).startsWith("ps1.k1.").hasSize("ps1.k1.".length() + 22).doesNotContain("cust-42");
        assertThat(new Pseudonymizer("k1", SECRET.clone()).pseudonym("m_1", "cust-42"))
                .as("another instance with the same secret (another executor)")
                .isEqualTo(first);
        assertThat(pseudonymizer.pseudonym("m_2", "cust-42"))
                .as("not joinable across merchants")
                .isNotEqualTo(first);
        assertThat(pseudonymizer.pseudonym("m_1", "cust-43")).isNotEqualTo(first);
        byte[] other = SECRET.clone();
        other[0] ^= 1;
        assertThat(new Pseudonymizer("k1", other).pseudonym("m_1", "cust-42"))
                .as("without the secret no guess can be tested")
                .isNotEqualTo(first);
    }

    @Test
    void aPseudonymIsLeftAsItIsSoThatReplaysAndRederivationsDoNotPseudonymiseTwice() {
        String once = pseudonymizer.pseudonym("m_1", "anon-7");
        assertThat(pseudonymizer.pseudonym("m_1", once)).isEqualTo(once);
        assertThat(Pseudonymizer.isPseudonym(once)).isTrue();
        assertThat(Pseudonymizer.isPseudonym("ps1.")).isFalse();
        assertThat(Pseudonymizer.isPseudonym("customer.ps1")).isFalse();
    }

    @Test
    void tenThousandIdentifiersGiveTenThousandPseudonyms() {
        Set<String> pseudonyms = new HashSet<>();
        for (int i = 0; i < 10_000; i++) {
            pseudonyms.add(pseudonymizer.pseudonym("m_1", "customer-" + i));
        }
        assertThat(pseudonyms).hasSize(10_000);
    }

    @Test
    void aShortSecretOrAnUnsafeKeyIdIsRefusedAndNoneIsShown() {
        assertThatThrownBy(() -> new Pseudonymizer("k1", new byte[31])).hasMessageContaining("at least 32 bytes");
        assertThatThrownBy(() -> new Pseudonymizer("K.1", SECRET)).hasMessageContaining("lower-case letters");
        assertThat(pseudonymizer.toString()).isEqualTo("Pseudonymizer[keyId=k1]");
    }
}
