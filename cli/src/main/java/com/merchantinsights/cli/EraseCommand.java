package com.merchantinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.merchantinsights.service.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import me.tongfei.progressbar.DelegatingProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Erases one person's data for a merchant (issue 23, decision 0053): asks the operations service
 * ({@code POST /v1/admin/erasures}), prints the request's id, then follows it store by store until it is done.
 */
@Command(
        name = "erase",
        sortOptions = false,
        exitCodeOnInvalidInput = EraseCommand.EXIT_INVALID,
        description = {
            "Erase a person's data for a merchant: raw events and their versions, dead letters, the archive's hours, the"
                    + " cubes' cells (rebuilt without them); their event identities are remembered so that a re-send"
                    + " is not stored again.",
            "The person is found by the identifier as sent and by its pseudonym under every key the installation"
                    + " knows. Kafka's own copies age out with the topics' retention (the answer says when)."
        },
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {
            "0:the erasure is done (or, with --no-wait, requested)",
            "1:the erasure failed (the failure is printed)",
            "2:not finished within --timeout (it goes on; its id is printed)",
            "3:invalid options (nothing was asked)",
            "4:the request was refused or could not be sent"
        })
final class EraseCommand implements Callable<Integer> {
    static final int EXIT_FAILED = 1;
    static final int EXIT_TIMEOUT = 2;
    static final int EXIT_INVALID = 3;
    static final int EXIT_REFUSED = 4;
    static final String PATH = "/erasures";
    private static final int BAR_WIDTH = 100;

    @Mixin
    StackOptions stack;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Option(names = "--merchant", required = true, paramLabel = "ID", description = "The merchant the person is of.")
    String merchant;

    @Option(names = "--customer-id", paramLabel = "ID", description = "The person's customer_id, as sent.")
    String customerId;

    @Option(names = "--anonymous-id", paramLabel = "ID", description = "The person's anonymous_id, as sent.")
    String anonymousId;

    @Option(names = "--suppress", description = "Also drop the person's events from now on (not stored).")
    boolean suppress;

    @Option(names = "--no-wait", description = "Print the request's id and return; do not follow it.")
    boolean noWait;

    @Option(
            names = "--timeout",
            defaultValue = "PT30M",
            paramLabel = "DURATION",
            description = "How long to follow the erasure (default: ${DEFAULT-VALUE}); it goes on after.")
    Duration timeout;

    @Option(names = "--poll-interval", hidden = true, defaultValue = "PT2S")
    Duration pollInterval;

    @Override
    public Integer call() throws Exception {
        if (blank(customerId) && blank(anonymousId)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "give --customer-id, --anonymous-id or both: the person to erase");
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        AdminClient client = admin.client(stack);
        AdminClient.Answer asked;
        try {
            asked = client.postJson(PATH, request().toString());
        } catch (IOException e) {
            return refused(err, "could not ask " + client.gateway() + ": " + e);
        }
        if (asked.statusCode() != 200 && asked.statusCode() != 202) {
            return refused(err, "erase refused: " + error(asked));
        }
        ErasureView erasure = new ErasureView(Json.mapper().readTree(asked.body()));
        out.println(erasure.id());
        if (asked.statusCode() == 200) {
            out.println("a request for this person was already " + erasure.state() + ": following that one");
        }
        out.flush();
        if (noWait) {
            out.println("follow it: GET " + AdminClient.PREFIX + PATH + "/" + erasure.id());
            out.flush();
            return 0;
        }
        erasure = follow(client, erasure, err);
        if (erasure == null) {
            return EXIT_REFUSED;
        }
        erasure.printSummary(out);
        out.flush();
        if (erasure.state().equals("failed")) {
            err.println("erasure " + erasure.id() + " failed: "
                    + erasure.body().path("failure").asText("(no reason given)"));
            err.flush();
            return EXIT_FAILED;
        }
        if (!erasure.finished()) {
            err.println("erasure " + erasure.id() + " is still " + erasure.state() + " after " + timeout
                    + "; it goes on: GET " + AdminClient.PREFIX + PATH + "/" + erasure.id());
            err.flush();
            return EXIT_TIMEOUT;
        }
        return 0;
    }

    /**
     * Asks after the erasure every poll interval until it is finished or the timeout passes, a bar of its stores done
     * on {@code err}; the last answer seen, or null when one was refused (said on {@code err}). An answer that did not
     * come (the gateway restarting) is asked again.
     */
    private ErasureView follow(AdminClient client, ErasureView erasure, PrintWriter err) throws InterruptedException {
        try {
            return follow(client, erasure, err, Instant.now().plus(timeout));
        } finally {
            err.println(); // the bar's line ends
            err.flush();
        }
    }

    private ErasureView follow(AdminClient client, ErasureView erasure, PrintWriter err, Instant deadline)
            throws InterruptedException {
        try (ProgressBar bar = new ProgressBarBuilder()
                .setTaskName("erase " + erasure.id())
                .setInitialMax(Math.max(1, erasure.stores()))
                .setUnit(" stores", 1)
                .setStyle(ProgressBarStyle.ASCII)
                // Drawn over itself on the command's error writer, flushed at once (a terminal shows it as it moves).
                .setConsumer(new DelegatingProgressBarConsumer(
                        line -> {
                            synchronized (err) {
                                err.print("\r" + line);
                                err.flush();
                            }
                        },
                        BAR_WIDTH))
                .hideEta()
                .build()) {
            Set<String> shown = new HashSet<>();
            while (true) {
                showStoresDone(erasure, shown, err);
                bar.stepTo(erasure.storesDone());
                bar.setExtraMessage(" " + erasure.state());
                bar.refresh();
                if (erasure.finished() || !Instant.now().isBefore(deadline)) {
                    return erasure;
                }
                Thread.sleep(pollInterval.toMillis());
                try {
                    AdminClient.Answer polled = client.get(PATH + "/" + erasure.id(), Map.of());
                    if (polled.statusCode() == 200) {
                        erasure = new ErasureView(Json.mapper().readTree(polled.body()));
                    } else if (polled.statusCode() < 500) {
                        err.println();
                        err.print("asking after " + erasure.id() + " was refused: " + error(polled));
                        err.flush();
                        return null;
                    }
                } catch (IOException e) {
                    // Not answered this time: ask again at the next interval, until the timeout.
                }
            }
        }
    }

    /** A line with its figures above the bar for each store seen done for the first time. */
    private static void showStoresDone(ErasureView erasure, Set<String> shown, PrintWriter err) {
        synchronized (err) {
            erasure.body().path("stores").fields().forEachRemaining(store -> {
                if (store.getValue().path("state").asText().equals("done") && shown.add(store.getKey())) {
                    String line = String.format("  %-14s %s", store.getKey(), ErasureView.figures(store.getValue()));
                    err.print("\r" + line + " ".repeat(Math.max(0, BAR_WIDTH - line.length())) + "\n");
                }
            });
            err.flush();
        }
    }

    private ObjectNode request() {
        ObjectNode body = Json.mapper().createObjectNode();
        body.put("merchant_id", merchant);
        if (!blank(customerId)) {
            body.put("customer_id", customerId);
        }
        if (!blank(anonymousId)) {
            body.put("anonymous_id", anonymousId);
        }
        body.put("suppress", suppress);
        return body;
    }

    /** The error body as AdminClient passes it on: "code (field): message". */
    private static String error(AdminClient.Answer answer) throws IOException {
        JsonNode body = Json.mapper().readTree(answer.body());
        return body.path("code").asText("error")
                + (body.hasNonNull("field") ? " (" + body.get("field").asText() + ")" : "")
                + ": " + body.path("error").asText(answer.body());
    }

    private static int refused(PrintWriter err, String message) {
        err.println(message);
        err.flush();
        return EXIT_REFUSED;
    }

    private static boolean blank(String text) {
        return text == null || text.isBlank();
    }
}
