package com.merchantinsights.stream.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import org.junit.jupiter.api.Test;

/** A dead letter names a person by its identifier fields only, compared exactly (issue 23). */
class LetterPersonsTest {
    private static final Set<String> CUSTOMERS = Set.of("42");
    private static final Set<String> ANONYMOUS = Set.of("anon-7");

    @Test
    void theIdentifierFieldsOfAnEventOrASegmentMessageNameThePerson() {
        assertThat(LetterPersons.names("{\"event_id\":\"e\",\"customer_id\":\"42\"}", CUSTOMERS, ANONYMOUS))
                .isTrue();
        assertThat(LetterPersons.names("{\"anonymous_id\":\"anon-7\"}", CUSTOMERS, ANONYMOUS))
                .isTrue();
        assertThat(LetterPersons.names("{\"userId\":42}", CUSTOMERS, ANONYMOUS)).isTrue();
        assertThat(LetterPersons.names("{\"previousId\":\"anon-7\"}", CUSTOMERS, ANONYMOUS))
                .isTrue();
    }

    @Test
    void anotherFieldOrAnotherPersonsValueThatContainsTheirsDoesNot() {
        assertThat(LetterPersons.names("{\"customer_id\":\"c\",\"amount\":\"42\"}", CUSTOMERS, ANONYMOUS))
                .isFalse();
        assertThat(LetterPersons.names("{\"customer_id\":\"420\",\"note\":\"\\\"42\\\"\"}", CUSTOMERS, ANONYMOUS))
                .isFalse();
        assertThat(LetterPersons.names("{\"customer_id\":\"anon-7\"}", CUSTOMERS, ANONYMOUS))
                .as("an anonymous id is not a customer id")
                .isFalse();
        assertThat(LetterPersons.names("not json \"42\"", CUSTOMERS, ANONYMOUS)).isFalse();
        assertThat(LetterPersons.names(null, CUSTOMERS, ANONYMOUS)).isFalse();
    }
}
