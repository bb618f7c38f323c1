package com.merchantinsights.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

class ErrorCatalogueTest {
    @Test
    void codesAreUniqueAndSnakeCase() {
        assertThat(Arrays.stream(ErrorCode.values()).map(ErrorCode::code)).doesNotHaveDuplicates()
                .allMatch(code -> code.matches("[a-z][a-z_]+"));
    }

    @Test
    void everyCodeIsDocumented() throws IOException {
        String doc = Files.readString(Path.of("..", "docs", "errors.md"));
        for (ErrorCode code : ErrorCode.values()) {
            assertThat(doc).as("docs/errors.md documents %s", code.code()).contains("`" + code.code() + "`");
        }
    }

    @Test
    void onlyTransientFailuresAreRetryable() {
        assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::retryable))
                .allMatch(c -> c.httpStatus() == 429 || c.httpStatus() == 503);
    }
}
