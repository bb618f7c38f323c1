package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.core.error.ErrorCode;
import com.merchantinsights.core.error.EventErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The OpenAPI document and the gateway's route table describe the same public API, in both directions. */
class OpenApiDocumentTest {
    private static final Set<String> METHODS = Set.of("get", "post", "put", "patch", "delete");
    private final JsonNode document = PublicDocuments.openApi();

    @Test
    void everyDocumentedOperationIsARoute() {
        for (String[] op : documentedOperations()) {
            String concrete = op[1].replaceAll("\\{[^}]+}", "some-id");
            assertThat(Route.match(op[0], concrete))
                    .as("%s %s is documented but not routed", op[0], op[1])
                    .isPresent();
        }
    }

    @Test
    void everyRouteIsDocumented() {
        List<String[]> documented = documentedOperations();
        for (Route route : Route.PUBLIC) {
            boolean found = documented.stream()
                    .anyMatch(op -> op[0].equals(route.method())
                            && (route.pathPrefix().endsWith("/")
                                    ? op[1].startsWith(route.pathPrefix())
                                    : op[1].equals(route.pathPrefix())));
            assertThat(found)
                    .as("%s %s is routed but not documented", route.method(), route.pathPrefix())
                    .isTrue();
        }
    }

    @Test
    void theErrorCodesAreTheCatalogue() {
        List<String> documented = new ArrayList<>();
        document.at("/components/schemas/Error/properties/code/enum").forEach(code -> documented.add(code.asText()));
        assertThat(documented)
                .containsExactlyInAnyOrderElementsOf(
                        Arrays.stream(ErrorCode.values()).map(ErrorCode::code).toList());
    }

    @Test
    void thePerEventCodesAreTheCatalogue() {
        List<String> documented = new ArrayList<>();
        document.at("/components/schemas/IngestResult/properties/errors/items/properties/code/enum")
                .forEach(code -> documented.add(code.asText()));
        assertThat(documented)
                .containsExactlyInAnyOrderElementsOf(Arrays.stream(EventErrorCode.values())
                        .map(EventErrorCode::code)
                        .toList());
    }

    private List<String[]> documentedOperations() {
        List<String[]> operations = new ArrayList<>();
        document.path("paths").properties().forEach(path -> {
            JsonNode item = path.getValue();
            if (item.has("$ref")) {
                item = document.at(item.get("$ref").asText().substring(1));
            }
            item.properties().forEach(op -> {
                if (METHODS.contains(op.getKey())) {
                    operations.add(new String[] {op.getKey().toUpperCase(Locale.ROOT), path.getKey()});
                }
            });
        });
        assertThat(operations).isNotEmpty();
        return operations;
    }
}
