package com.merchantinsights.events;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.event.EventRules;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The published schema is a data file: it must name the dimensions the cube definition aggregates, no more, no fewer. */
class ContractDimensionsTest {
    @Test
    void thePublishedSchemaListsExactlyTheCubeDefinitionsDimensions() throws Exception {
        JsonNode schema;
        try (InputStream in = EventSchema.class.getResourceAsStream(EventSchema.RESOURCE)) {
            schema = new ObjectMapper().readTree(in);
        }
        List<String> published = new ArrayList<>();
        schema.path("properties")
                .path("dimensions")
                .path("properties")
                .fieldNames()
                .forEachRemaining(published::add);

        assertThat(published)
                .containsExactlyElementsOf(CubeDefinitionFile.standard().dimensions());
        assertThat(EventRules.DIMENSION_NAMES).containsExactlyElementsOf(published);
    }
}
