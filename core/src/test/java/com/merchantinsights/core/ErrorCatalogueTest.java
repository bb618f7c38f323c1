package com.merchantinsights.core;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.error.CatalogueCode;
import com.merchantinsights.core.error.DeadLetterCode;
import com.merchantinsights.core.error.ErrorCategory;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.EventErrorCode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The one error catalogue (core/…/error) against docs/errors.md, both ways, and against code literals elsewhere. */
class ErrorCatalogueTest {
    private static final Path REPOSITORY = Path.of("..");
    private static final Pattern COMMENT = Pattern.compile("(?s)/\\*.*?\\*/|//[^\n]*");
    private static final Pattern ROW = Pattern.compile("^\\| `([a-z_]+)` \\| (.*) \\|$");

    @Test
    void codesAreUniqueWithinEachCatalogueAndSnakeCase() {
        for (List<String> codes : List.of(requestCodes(), eventCodes(), deadLetterCodes())) {
            assertThat(codes).doesNotHaveDuplicates().allMatch(code -> code.matches("[a-z][a-z_]+"));
        }
    }

    @Test
    void theRequestCodesAreDocumentedWithTheirStatusAndCategoryBothWays() throws IOException {
        Map<String, List<String>> rows = table("| code | HTTP | category | when |");
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(requestCodes());
        for (ErrorCode code : ErrorCode.values()) {
            List<String> row = rows.get(code.code());
            assertThat(row.get(0)).as(code.code()).isEqualTo(Integer.toString(code.httpStatus()));
            assertThat(row.get(1)).as(code.code()).isEqualTo(name(code.category()));
            assertThat(row.get(2).endsWith("*retry*"))
                    .as("%s says *retry* when retryable", code.code())
                    .isEqualTo(code.retryable());
        }
    }

    @Test
    void theEventCodesAreDocumentedWithTheirCategoryAndTextBothWays() throws IOException {
        Map<String, List<String>> rows = table("| event code | category | meaning |");
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(eventCodes());
        for (EventErrorCode code : EventErrorCode.values()) {
            assertThat(rows.get(code.code()))
                    .as(code.code())
                    .containsExactly(name(code.category()), code.description());
        }
    }

    @Test
    void theDeadLetterCodesAreDocumentedWithTheirFieldCategoryAndTextBothWays() throws IOException {
        Map<String, List<String>> rows = table("| dead-letter code | field | category | meaning |");
        assertThat(rows.keySet()).containsExactlyInAnyOrderElementsOf(deadLetterCodes());
        for (DeadLetterCode code : DeadLetterCode.values()) {
            assertThat(rows.get(code.code()))
                    .as(code.code())
                    .containsExactly(
                            code.field() == null ? "—" : "`" + code.field() + "`",
                            name(code.category()),
                            code.message());
        }
    }

    @Test
    void retryableIsACategoryAndEveryRetryableRequestAnswerIs429Or503() {
        assertThat(Arrays.stream(ErrorCode.values()).filter(ErrorCode::retryable))
                .allMatch(c -> c.category() == ErrorCategory.RETRYABLE)
                .allMatch(c -> c.httpStatus() == 429 || c.httpStatus() == 503);
    }

    @Test
    void aStoredLetterWithTheRenamedCodeReadsAsTheNewOne() {
        assertThat(DeadLetterCode.ofCode("invalid_type")).isEqualTo(DeadLetterCode.INVALID_EVENT_TYPE);
        assertThat(DeadLetterCode.ofCode("invalid_event_type")).isEqualTo(DeadLetterCode.INVALID_EVENT_TYPE);
        assertThat(DeadLetterCode.ofCode("conflict")).isEqualTo(DeadLetterCode.CONFLICT);
    }

    /**
     * No code is typed as a string literal in production code outside the catalogue's package (comments aside).
     * DeadLetterFields declares the letters' kinds and resolutions, of which "conflict" is the word of the conflict code
     * too: a kind, not a code.
     */
    @Test
    void noCodeLiteralLivesOutsideTheCatalogue() throws IOException {
        Set<String> codes = new TreeSet<>();
        codes.addAll(requestCodes());
        codes.addAll(eventCodes());
        codes.addAll(deadLetterCodes());
        Pattern literal = Pattern.compile("\"(" + String.join("|", codes) + ")\"");
        List<String> found = new ArrayList<>();
        try (Stream<Path> files = Files.walk(REPOSITORY)) {
            files.filter(f -> f.toString().endsWith(".java"))
                    .filter(f -> f.toString().contains("/src/main/java/"))
                    .filter(f -> !f.toString().contains("/core/src/main/java/com/merchantinsights/core/error/"))
                    .filter(f -> !f.endsWith(Path.of("core/layout/DeadLetterFields.java")))
                    .filter(f -> !f.toString().contains("/node_modules/")
                            && !f.toString().contains("/target/"))
                    .forEach(f -> {
                        Matcher m = literal.matcher(COMMENT.matcher(read(f)).replaceAll(""));
                        while (m.find()) {
                            found.add(REPOSITORY.relativize(f) + ": " + m.group());
                        }
                    });
        }
        assertThat(found).as("code literals outside core/…/error").isEmpty();
    }

    private static Map<String, List<String>> table(String header) throws IOException {
        List<String> lines = Files.readAllLines(REPOSITORY.resolve("docs").resolve("errors.md"));
        int start = lines.indexOf(header);
        assertThat(start).as("docs/errors.md has the table %s", header).isNotNegative();
        Map<String, List<String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(start + 2, lines.size())) {
            Matcher m = ROW.matcher(line);
            if (!m.matches()) {
                break;
            }
            assertThat(rows.put(m.group(1), List.of(m.group(2).split(" \\| ", -1))))
                    .as("one row per code")
                    .isNull();
        }
        return rows;
    }

    private static String name(ErrorCategory category) {
        return category.name().toLowerCase(Locale.ROOT);
    }

    private static List<String> requestCodes() {
        return codes(ErrorCode.values());
    }

    private static List<String> eventCodes() {
        return codes(EventErrorCode.values());
    }

    private static List<String> deadLetterCodes() {
        return codes(DeadLetterCode.values());
    }

    private static List<String> codes(CatalogueCode[] catalogue) {
        return Arrays.stream(catalogue).map(CatalogueCode::code).collect(Collectors.toList());
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
