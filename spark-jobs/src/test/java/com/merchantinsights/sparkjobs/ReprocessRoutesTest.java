package com.merchantinsights.sparkjobs;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReprocessRoutesTest {
    private final ControlRoutes routes = new ControlRoutes(new ControlRoutesTest.FakeDriver());

    private ControlRoutes.Response call(String method, String pathAndQuery) {
        int q = pathAndQuery.indexOf('?');
        return routes.handle(
                method,
                q < 0 ? pathAndQuery : pathAndQuery.substring(0, q),
                QueryParameters.parse(q < 0 ? null : pathAndQuery.substring(q + 1)));
    }

    @Test
    void badParametersAreRefusedWithTheParameterNamedBeforeAnythingRuns() {
        assertThat(call("POST", "/reprocess?from=2026-11-01T00:00:00Z").body()).contains("from and to are required");
        assertThat(call("POST", "/reprocess?from=yesterday&to=2026-11-02T00:00:00Z")
                        .body())
                .contains("from must be an instant");
        assertThat(call("POST", "/reprocess?from=2026-11-02T00:00:00Z&to=2026-11-01T00:00:00Z")
                        .body())
                .contains("empty range");
        assertThat(call("POST", "/reprocess?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z&kind=rollback")
                        .body())
                .contains("kind must be reprocess or calendar");
        assertThat(call("POST", "/reprocess?kind=calendar").body()).contains("a calendar rebuild names its merchants");
        assertThat(call("POST", "/reprocess/switch").body()).contains("run is required");
        assertThat(call("POST", "/reprocess/switch?run=seven").body()).contains("run must be a run id");
        assertThat(call("POST", "/reprocess/switch?run=7&keep=a-week").body())
                .contains("keep must be an ISO-8601 duration");
        assertThat(call("GET", "/reprocess/diff?run=7&limit=all").body()).contains("limit must be a number");
        for (String request : new String[] {
            "/reprocess?from=2026-11-01T00:00:00Z", "/reprocess/switch?run=seven", "/reprocess/switch?run=7&keep=a-week"
        }) {
            assertThat(call("POST", request).status()).as(request).isEqualTo(400);
        }
    }

    @Test
    void aDiffAnswersTheLargest100ChangesUnlessAskedAndNeverMoreThan10000() {
        assertThat(ReprocessRoutes.diffLimit(QueryParameters.NONE)).isEqualTo(100);
        assertThat(ReprocessRoutes.diffLimit(QueryParameters.parse("run=7&limit=0")))
                .isZero();
        assertThat(ReprocessRoutes.diffLimit(QueryParameters.parse("run=7&limit=10000")))
                .isEqualTo(10_000);

        for (String limit : new String[] {"10001", "2147483647", "-1"}) {
            ControlRoutes.Response refused = call("GET", "/reprocess/diff?run=7&limit=" + limit);
            assertThat(refused.status()).as(limit).isEqualTo(400);
            assertThat(refused.body()).as(limit).contains("limit must be between 0 and 10000: " + limit);
        }
        assertThat(call("GET", "/reprocess?limit=10001").status()).isEqualTo(400);
    }

    @Test
    void eachRouteTakesItsMethodOnly() {
        assertThat(call("GET", "/reprocess/switch?run=7").status()).isEqualTo(405);
        assertThat(call("POST", "/reprocess/diff?run=7").status()).isEqualTo(405);
        assertThat(call("DELETE", "/reprocess").status()).isEqualTo(405);
    }

    @Test
    void aValidRequestToADriverThatCannotReprocessYetIs503() {
        assertThat(call("POST", "/reprocess/switch?run=7").status()).isEqualTo(503);
        assertThat(call("POST", "/reprocess?from=2026-11-01T00:00:00Z&to=2026-11-02T00:00:00Z")
                        .status())
                .isEqualTo(503);
    }
}
