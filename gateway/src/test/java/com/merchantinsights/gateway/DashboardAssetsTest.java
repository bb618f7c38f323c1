package com.merchantinsights.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.merchantinsights.core.cube.CubeDefinition;
import com.merchantinsights.core.cube.CubeDefinitionFile;
import com.merchantinsights.core.metric.MetricCatalogue;
import com.merchantinsights.service.identity.IdentityKeys;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The dashboard's static files come from the gateway without a key, and they open no API route. */
class DashboardAssetsTest {
    private static final Pattern IMPORT = Pattern.compile("from '\\./([^']+)'");
    private final HttpClient http = HttpClient.newHttpClient();
    private Gateway gateway;

    @BeforeEach
    void start() {
        // No backend: nothing here may reach one.
        URI nowhere = URI.create("http://127.0.0.1:9");
        gateway = Gateway.start(
                GatewayConfig.defaults(
                        0, nowhere, nowhere, IdentityKeys.generate("gw").encoded()),
                new InMemoryApiKeys());
    }

    @AfterEach
    void stop() {
        gateway.close();
    }

    @Test
    void unknownDashboardPathsAreAFixed404ThatHoldsNoMemory() throws Exception {
        assertThat(get("/dashboard/no-such-file.js").statusCode()).isEqualTo(404);
        DashboardAssets assets = new DashboardAssets();
        assertThat(assets.exists("app.js")).isTrue();
        java.lang.management.MemoryMXBean memory = java.lang.management.ManagementFactory.getMemoryMXBean();
        System.gc();
        long before = memory.getHeapMemoryUsage().getUsed();
        java.util.Random random = new java.util.Random(20);
        String padding = "x".repeat(200);
        for (int i = 0; i < 100_000; i++) {
            // Made-up paths, as a client scanning for files sends them before any key is checked.
            assertThat(assets.exists("p" + random.nextLong() + padding + ".js")).isFalse();
        }
        System.gc();
        long grown = memory.getHeapMemoryUsage().getUsed() - before;
        assertThat(assets.filesHeld()).as("only the file that exists").isEqualTo(1);
        // A cache entry per path would hold 100,000 paths of over 200 bytes: well over 20 MB.
        assertThat(grown).as("heap growth in bytes").isLessThan(8L * 1024 * 1024);
    }

    @Test
    void servesThePageWithoutAKeyAndWithAStrictContentSecurityPolicy() throws Exception {
        var page = get("/dashboard/");
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("<script type=\"module\" src=\"app.js\">");
        assertThat(page.headers().firstValue("Content-Security-Policy"))
                .hasValueSatisfying(
                        csp -> assertThat(csp).contains("script-src 'self'").contains("connect-src 'self'"));
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
    }

    @Test
    void theKpiTilesAndDefaultDimensionsAreTheCataloguesAndTheCubes() throws Exception {
        String app = get("/dashboard/app.js").body();
        CubeDefinition cube = CubeDefinitionFile.standard();
        MetricCatalogue catalogue = MetricCatalogue.standard(cube);
        for (String metric : listConstant(app, "KPI_METRICS")) {
            assertThat(catalogue.named(metric)).as("tile %s", metric).isPresent();
        }
        assertThat(listConstant(app, "DEFAULT_DIMENSIONS")).containsExactlyElementsOf(cube.dimensions());
    }

    @Test
    void redirectsTheBarePathToTheFolder() throws Exception {
        var response = get("/dashboard");
        assertThat(response.statusCode()).isEqualTo(301);
        assertThat(response.headers().firstValue("Location")).contains("/dashboard/");
    }

    @Test
    void everyModuleThePageImportsIsServedAsJavaScriptIncludingEchartsFromItsWebJar() throws Exception {
        for (String module : new String[] {"app.js", "api.js", "format.js", "chart.js", "csv.js", "dates.js"}) {
            var response = get("/dashboard/" + module);
            assertThat(response.statusCode()).as(module).isEqualTo(200);
            assertThat(response.headers().firstValue("Content-Type"))
                    .as(module)
                    .hasValueSatisfying(type -> assertThat(type).startsWith("text/javascript"));
            Matcher imports = IMPORT.matcher(response.body());
            while (imports.find()) {
                assertThat(get("/dashboard/" + imports.group(1)).statusCode())
                        .as("%s imports %s", module, imports.group(1))
                        .isEqualTo(200);
            }
        }
        var echarts = get("/dashboard/vendor/echarts/dist/echarts.esm.min.js");
        assertThat(echarts.body()).contains("export");
        assertThat(get("/dashboard/dashboard.css").headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("text/css"));
    }

    @Test
    void sendsTheChartingLibraryGzippedToBrowsersThatAcceptIt() throws Exception {
        String path = "/dashboard/vendor/echarts/dist/echarts.esm.min.js";
        var plain = http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofByteArray());
        var gzipped = http.send(
                HttpRequest.newBuilder(uri(path))
                        .header("Accept-Encoding", "gzip")
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(gzipped.headers().firstValue("Content-Encoding")).contains("gzip");
        assertThat(gzipped.body().length).isLessThan(plain.body().length / 2);
        try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(gzipped.body()))) {
            assertThat(in.readAllBytes()).isEqualTo(plain.body());
        }
        assertThat(plain.headers().firstValue("Content-Encoding")).isEmpty();
        assertThat(plain.headers().firstValue("Vary")).contains("Accept-Encoding");
    }

    @Test
    void answersNotModifiedForTheSameEntityTag() throws Exception {
        var first = get("/dashboard/app.js");
        String etag = first.headers().firstValue("ETag").orElseThrow();
        var second = http.send(
                HttpRequest.newBuilder(uri("/dashboard/app.js"))
                        .header("If-None-Match", etag)
                        .GET()
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(second.statusCode()).isEqualTo(304);
        assertThat(second.body()).isEmpty();
    }

    @Test
    void servesNothingOutsideItsFolderOrItsLibraries() throws Exception {
        assertThat(get("/dashboard/missing.js").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/vendor/unknown-library/x.js").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/.hidden").statusCode()).isEqualTo(404);
        assertThat(get("/dashboard/%2e%2e/openapi.yaml").statusCode()).isIn(400, 404);
        assertThat(get("/dashboard/..%2fopenapi.yaml").statusCode()).isIn(400, 404);
        assertThat(get("/dashboard/vendor/echarts/..%2f..%2f..%2fmaven/org.webjars.npm/echarts/pom.xml")
                        .statusCode())
                .isIn(400, 404);
    }

    @Test
    void theApiStillNeedsAKeyAndOtherMethodsAreNotServed() throws Exception {
        var api = get("/dashboard/../v1/insights/timeseries?metric=orders");
        assertThat(api.statusCode()).isIn(400, 401);
        assertThat(get("/v1/insights/summary").statusCode()).isEqualTo(401);
        var post = http.send(
                HttpRequest.newBuilder(uri("/dashboard/app.js"))
                        .POST(HttpRequest.BodyPublishers.noBody())
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(post.statusCode()).isEqualTo(404);
    }

    /** The names in {@code const NAME = ['a', 'b'];} of a module. */
    private static List<String> listConstant(String module, String name) {
        Matcher constant = Pattern.compile("const " + name + " = \\[([^\\]]*)]").matcher(module);
        assertThat(constant.find()).as(name).isTrue();
        return Pattern.compile("'([^']+)'")
                .matcher(constant.group(1))
                .results()
                .map(m -> m.group(1))
                .toList();
    }

    private HttpResponse<String> get(String path) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(path)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }

    private URI uri(String path) {
        return URI.create("http://127.0.0.1:" + gateway.port() + path);
    }
}
