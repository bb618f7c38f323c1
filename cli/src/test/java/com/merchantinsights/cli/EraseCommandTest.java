package com.merchantinsights.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.merchantinsights.service.Json;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/insights erase} against a stand-in gateway answering as the operations service's erasure routes do: each
 * {@code GET} answers the next of a scripted list of states (the last one again once the list is used up), so that what
 * the command shows depends on the script, not on timing.
 */
class EraseCommandTest {
    private static final List<String> STORES =
            List.of("raw_events", "raw_versions", "archive", "dead_letters", "cubes", "erased_events");

    private final List<String> requests = new CopyOnWriteArrayList<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final AtomicInteger polls = new AtomicInteger();
    private volatile int postStatus = 202;
    private volatile String postBody;
    private volatile List<String> script = List.of();
    private HttpServer gateway;
    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    @TempDir
    Path dir;

    @BeforeEach
    void start() throws IOException {
        gateway = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 4);
        gateway.createContext("/", exchange -> {
            requests.add(
                    exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            String path = exchange.getRequestURI().getPath();
            if (exchange.getRequestMethod().equals("POST") && path.equals("/v1/admin/erasures")) {
                bodies.add(new String(exchange.getRequestBody().readAllBytes(), UTF_8));
                answer(exchange, postStatus, postBody);
            } else if (exchange.getRequestMethod().equals("GET") && path.equals("/v1/admin/erasures/er_0001")) {
                int poll = polls.getAndIncrement();
                answer(exchange, 200, script.get(Math.min(poll, script.size() - 1)));
            } else {
                answer(exchange, 404, "{\"code\":\"not_found\",\"message\":\"No route.\",\"request_id\":\"r\"}");
            }
        });
        gateway.start();
        postBody = erasure("pending", 0, null);
    }

    @AfterEach
    void stop() {
        gateway.stop(0);
    }

    @Test
    void followsTheErasureStoreByStoreAndPrintsEachStoresFiguresAndKafkasBounds() throws Exception {
        script = new ArrayList<>();
        for (int done = 0; done <= 6; done++) {
            script.add(erasure(done == 6 ? "done" : "erasing", done, null));
        }

        int exit = erase("--merchant", "m_demo", "--customer-id", "c-17");

        assertThat(exit).as(err.toString()).isZero();
        JsonNode asked = Json.mapper().readTree(bodies.get(0));
        assertThat(asked.path("merchant_id").asText()).isEqualTo("m_demo");
        assertThat(asked.path("customer_id").asText()).isEqualTo("c-17");
        assertThat(asked.has("anonymous_id")).isFalse();
        assertThat(asked.path("suppress").asBoolean(true)).isFalse();
        assertThat(out.toString()).startsWith("er_0001" + System.lineSeparator());
        assertThat(polls.get()).as("asked until done, then no more").isEqualTo(7);
        assertThat(storesDoneShown())
                .as("the bar moves with the stores done, one per answer of the script")
                .containsSubsequence(0, 1, 2, 3, 4, 5, 6)
                .isSorted()
                .endsWith(6);
        assertThat(err.toString().lines().map(String::strip).toList())
                .as("each store's figures, as it is seen done")
                .containsSubsequence(
                        "raw_events     12 rows deleted",
                        "raw_versions   3 rows deleted",
                        "archive        2 hours rewritten, 14 rows removed",
                        "dead_letters   1 deleted",
                        "cubes          4 cells rebuilt",
                        "erased_events  15 remembered");
        assertThat(out.toString())
                .contains("erasure er_0001 done (merchant m_demo, requested 2026-12-05T10:00:00Z, finished"
                        + " 2026-12-05T10:07:00Z)")
                .containsPattern("raw_events +done +12 rows deleted")
                .containsPattern("archive +done +2 hours rewritten, 14 rows removed")
                .containsPattern("dead_letters +done +1 deleted")
                .containsPattern("cubes +done +4 cells rebuilt")
                .containsPattern("erased_events +done +15 remembered")
                .containsPattern("insights.events.v1 +retention P7D +gone by 2026-12-12T10:00:00Z")
                .containsPattern("insights.dead-letters.v1 +retention unknown +kept without a known bound");
    }

    @Test
    void aFailedErasurePrintsItsFailureAndExitsOne() {
        script = List.of(erasure("erasing", 2, null), erasure("failed", 2, "Cassandra did not answer"));

        assertThat(erase("--merchant", "m_demo", "--anonymous-id", "a-9")).isEqualTo(EraseCommand.EXIT_FAILED);
        assertThat(err.toString()).contains("erasure er_0001 failed: Cassandra did not answer");
        assertThat(polls.get()).as("a failed erasure is not asked after again").isEqualTo(2);
        assertThat(out.toString()).contains("erasure er_0001 failed").containsPattern("archive +pending");
    }

    @Test
    void anErasureNotDoneWithinTheTimeoutExitsTwoAndSaysHowToFollowIt() {
        script = List.of(erasure("erasing", 3, null));

        assertThat(erase("--merchant", "m_demo", "--customer-id", "c-17", "--timeout", "PT0.3S"))
                .isEqualTo(EraseCommand.EXIT_TIMEOUT);
        assertThat(err.toString())
                .contains("erasure er_0001 is still erasing after PT0.3S; it goes on: GET /v1/admin/erasures/er_0001");
        assertThat(storesDoneShown()).endsWith(3);
    }

    @Test
    void withoutAnIdentifierNothingIsAskedAndTheExitIsThree() {
        assertThat(erase("--merchant", "m_demo")).isEqualTo(EraseCommand.EXIT_INVALID);
        assertThat(erase("--merchant", "m_demo", "--customer-id", " ")).isEqualTo(EraseCommand.EXIT_INVALID);
        assertThat(erase("--customer-id", "c-17")).as("no merchant").isEqualTo(EraseCommand.EXIT_INVALID);

        assertThat(requests).isEmpty();
        assertThat(err.toString()).contains("give --customer-id, --anonymous-id or both");
    }

    @Test
    void aRequestForAPersonAlreadyBeingErasedFollowsThatOne() throws Exception {
        postStatus = 200;
        postBody = erasure("erasing", 1, null);
        script = List.of(erasure("done", 6, null));

        assertThat(erase("--merchant", "m_demo", "--customer-id", "c-17", "--anonymous-id", "a-9", "--suppress"))
                .isZero();
        JsonNode asked = Json.mapper().readTree(bodies.get(0));
        assertThat(asked.path("anonymous_id").asText()).isEqualTo("a-9");
        assertThat(asked.path("suppress").asBoolean()).isTrue();
        assertThat(out.toString()).contains("er_0001", "already erasing: following that one");
    }

    @Test
    void withNoWaitTheIdIsPrintedAndNothingFollowed() {
        assertThat(erase("--merchant", "m_demo", "--customer-id", "c-17", "--no-wait"))
                .isZero();
        assertThat(out.toString()).startsWith("er_0001").contains("GET /v1/admin/erasures/er_0001");
        assertThat(requests).containsExactly("POST /v1/admin/erasures");
    }

    @Test
    void aRefusedRequestPrintsTheErrorBodyAndExitsFour() {
        postStatus = 404;
        postBody =
                "{\"code\":\"unknown_merchant\",\"field\":\"merchant_id\",\"message\":\"No merchant m_x is registered"
                        + " or has data.\",\"request_id\":\"r\"}";

        assertThat(erase("--merchant", "m_x", "--customer-id", "c-17")).isEqualTo(EraseCommand.EXIT_REFUSED);
        assertThat(err.toString())
                .contains("erase refused: unknown_merchant (merchant_id): No merchant m_x is registered or has data.");
        assertThat(polls.get()).isZero();
    }

    @Test
    void theHelpDocumentsTheExitCodes() {
        String help = new picocli.CommandLine(new InsightsCli())
                .getSubcommands()
                .get("erase")
                .getUsageMessage();

        assertThat(help)
                .contains("0   the erasure is done")
                .contains("1   the erasure failed")
                .contains("2   not finished within --timeout")
                .contains("3   invalid options");
    }

    private int erase(String... options) {
        try {
            Path key = dir.resolve("admin.key");
            Files.writeString(key, "mi_admin_secret\n");
            List<String> args = new ArrayList<>(List.of(
                    "erase",
                    "--url",
                    "http://127.0.0.1:" + gateway.getAddress().getPort(),
                    "--key-file",
                    key.toString(),
                    "--poll-interval",
                    "PT0.02S"));
            args.addAll(List.of(options));
            if (!args.contains("--timeout")) {
                args.addAll(List.of("--timeout", "PT10S")); // a broken command fails the test, not hangs it
            }
            return new picocli.CommandLine(new InsightsCli())
                    .setOut(new PrintWriter(out))
                    .setErr(new PrintWriter(err))
                    .execute(args.toArray(String[]::new));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Every "k/6" the bar showed, in order. */
    private List<Integer> storesDoneShown() {
        List<Integer> shown = new ArrayList<>();
        Matcher matcher = Pattern.compile("(\\d)/6 stores").matcher(err.toString());
        while (matcher.find()) {
            shown.add(Integer.parseInt(matcher.group(1)));
        }
        return shown;
    }

    /** An answer of the contract: the first {@code done} stores finished with their figures, the others pending. */
    private static String erasure(String state, int done, String failure) {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("erasure_id", "er_0001");
        body.put("merchant_id", "m_demo");
        body.put("state", state);
        body.put("suppress", false);
        body.put("requested_at", "2026-12-05T10:00:00Z");
        if (state.equals("done") || state.equals("failed")) {
            body.put("finished_at", "2026-12-05T10:07:00Z");
        }
        if (failure != null) {
            body.put("failure", failure);
        }
        ObjectNode stores = body.putObject("stores");
        for (int i = 0; i < STORES.size(); i++) {
            ObjectNode store = stores.putObject(STORES.get(i));
            store.put("state", i < done ? "done" : "pending");
            if (i >= done) {
                continue;
            }
            switch (STORES.get(i)) {
                case "raw_events" -> store.put("rows_deleted", 12);
                case "raw_versions" -> store.put("rows_deleted", 3);
                case "archive" -> store.put("hours_rewritten", 2).put("rows_removed", 14);
                case "dead_letters" -> store.put("deleted", 1);
                case "cubes" -> store.put("cells_rebuilt", 4);
                default -> store.put("remembered", 15);
            }
        }
        var kafka = body.putArray("kafka");
        kafka.addObject()
                .put("topic", "insights.events.v1")
                .put("retention", "P7D")
                .put("copies_gone_by", "2026-12-12T10:00:00Z");
        kafka.addObject()
                .put("topic", "insights.dead-letters.v1")
                .putNull("retention")
                .putNull("copies_gone_by");
        return body.toString();
    }

    private static void answer(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }
}
