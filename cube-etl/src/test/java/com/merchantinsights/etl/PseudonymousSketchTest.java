package com.merchantinsights.etl;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.privacy.Pseudonymizer;
import java.nio.charset.StandardCharsets;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.junit.jupiter.api.Test;

/**
 * Unique customers counted from pseudonyms (issue 23) are the figure counted from the identifiers, within the cube's
 * sketch error: the cube's HLL (the standard cube's lgK, Spark's HLL_4) over 10,000 customers of one merchant.
 */
class PseudonymousSketchTest {
    private static final int CUSTOMERS = 10_000;

    @Test
    void uniqueCustomersFromPseudonymsAreTheFigureFromIdentifiersWithinTheSketchsError() {
        int lgK = CubeDefinitionFile.standard().hllLogK();
        HllSketch identifiers = new HllSketch(lgK, TgtHllType.HLL_4);
        HllSketch pseudonyms = new HllSketch(lgK, TgtHllType.HLL_4);
        Pseudonymizer pseudonymizer =
                new Pseudonymizer("k1", "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
        for (int i = 0; i < CUSTOMERS; i++) {
            String customer = "cust-" + i;
            // Every customer orders three times: repeats must not count.
            for (int order = 0; order < 3; order++) {
                identifiers.update(customer);
                pseudonyms.update(pseudonymizer.pseudonym("m_1", customer));
            }
        }
        for (HllSketch sketch : new HllSketch[] {identifiers, pseudonyms}) {
            // Three standard deviations: the sketch's own bound of its error.
            assertThat((double) CUSTOMERS).isBetween(sketch.getLowerBound(3), sketch.getUpperBound(3));
        }
        double relativeError = identifiers.getRelErr(false, false, lgK, 3);
        assertThat(Math.abs(pseudonyms.getEstimate() - identifiers.getEstimate()) / CUSTOMERS)
                .as("the two figures differ by less than the sketch's stated error")
                .isLessThanOrEqualTo(2 * relativeError);
    }
}
