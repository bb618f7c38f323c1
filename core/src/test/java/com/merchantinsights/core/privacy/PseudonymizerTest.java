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
    void aPseudonymIsHmacSha256UnderTheMerchantsKeyTruncatedTo128BitsBase64urlAndTheBytePathAgrees() throws Exception {
        byte[] secret = new byte[32];
        for (int i = 0; i < secret.length; i++) {
            secret[i] = (byte) (i * 31 + 7);
        }
        javax.crypto.Mac installation = javax.crypto.Mac.getInstance("HmacSHA256");
        installation.init(new javax.crypto.spec.SecretKeySpec(secret, "HmacSHA256"));
        Pseudonymizer pseudonymizer = new Pseudonymizer("k7", secret);
        for (String merchant : java.util.List.of("m-1", "merchant.with:colon")) {
            javax.crypto.Mac merchantMac = javax.crypto.Mac.getInstance("HmacSHA256");
            merchantMac.init(new javax.crypto.spec.SecretKeySpec(
                    installation.doFinal(("merchant:" + merchant).getBytes(java.nio.charset.StandardCharsets.UTF_8)),
                    "HmacSHA256"));
            for (String id : java.util.List.of("c", "customer-42", "ünïcødé", "x".repeat(128), "ps1.", "ps1..x.y")) {
                byte[] mac = merchantMac.doFinal(id.getBytes(java.nio.charset.StandardCharsets.UTF_8));
                String expected = "ps1.k7."
                        + java.util.Base64.getUrlEncoder()
                                .withoutPadding()
                                .encodeToString(java.util.Arrays.copyOf(mac, 16));
                assertThat(pseudonymizer.pseudonym(merchant, id))
                        .as(merchant + " " + id)
                        .isEqualTo(expected);
                byte[] src = ("[" + id + "]").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                byte[] out = new byte[40];
                int end = pseudonymizer.pseudonymInto(merchant, src, 1, src.length - 2, out, 3);
                assertThat(new String(out, 3, end - 3, java.nio.charset.StandardCharsets.US_ASCII))
                        .isEqualTo(expected);
                assertThat(end - 3).isEqualTo(pseudonymizer.length());
            }
        }
    }

    @Test
    void theByteFormOfIsPseudonymAgreesWithTheStringForm() {
        for (String value : java.util.List.of(
                "ps1.k1.abc", "ps1.k1.", "ps1.", "ps1..", "ps1..x.y", "ps1.k1", "ps2.k1.abc", "xps1.k1.a", "p")) {
            byte[] bytes = ("##" + value).getBytes(java.nio.charset.StandardCharsets.US_ASCII);
            assertThat(Pseudonymizer.isPseudonym(bytes, 2, bytes.length - 2))
                    .as(value)
                    .isEqualTo(Pseudonymizer.isPseudonym(value));
        }
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
