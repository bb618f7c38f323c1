package com.merchantinsights.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.merchantinsights.service.Json;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Re-sends rejected dead letters through processing after a fix (decision 0012), as a client of
 * {@code POST /v1/admin/dead-letters/redrive} (decision 0039): the operations service puts each letter's original
 * record back on the events topic. Idempotent: an event already stored comes back as a duplicate, never a second
 * count; a letter whose event got stored is skipped by later re-drives.
 */
@Command(name = "redrive", description = "Re-send rejected dead letters through the stream processor (after a fix).")
final class RedriveCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Mixin
    AdminOptions admin;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--from",
            paramLabel = "DATE",
            description = "First UTC day the letters were recorded (default: 7 days before --to).")
    LocalDate from;

    @Option(names = "--to", paramLabel = "DATE", description = "Last UTC day, inclusive (default: today).")
    LocalDate to;

    @Option(
            names = "--code",
            paramLabel = "CODE",
            description = "Only letters with this code (repeatable), e.g. invalid_type.")
    List<String> codes = new ArrayList<>();

    @Option(names = "--merchant", paramLabel = "ID", description = "Only letters of this merchant (repeatable).")
    List<String> merchants = new ArrayList<>();

    @Option(names = "--include-resolved", description = "Also re-send letters an earlier re-drive already resolved.")
    boolean includeResolved;

    @Option(names = "--dry-run", description = "Only count what would be re-sent.")
    boolean dryRun;

    @Override
    public Integer call() throws Exception {
        if (from != null && to != null && from.isAfter(to)) {
            spec.commandLine().getErr().println("--from must not be after --to");
            spec.commandLine().getErr().flush();
            return 2;
        }
        AdminClient.Answer answer = admin.client(stack).post("/dead-letters/redrive", query(), Duration.ofHours(1));
        JsonNode result = Json.mapper().readTree(answer.body());
        if (answer.statusCode() != 200) {
            spec.commandLine()
                    .getErr()
                    .println("re-drive failed: " + result.path("error").asText(answer.body()));
            spec.commandLine().getErr().flush();
            return 1;
        }
        Map<String, Integer> byCode = new TreeMap<>();
        result.path("by_code")
                .fields()
                .forEachRemaining(e -> byCode.put(e.getKey(), e.getValue().asInt()));
        PrintWriter out = spec.commandLine().getOut();
        out.printf(
                "%s %d rejected dead letter(s) recorded %s..%s %s; %d skipped (other source, resolved or filtered)%n",
                dryRun ? "would re-send" : "re-sent",
                result.path("re_sent").asInt(),
                result.path("from").asText(),
                result.path("to").asText(),
                byCode,
                result.path("skipped").asInt());
        out.flush();
        return 0;
    }

    /** The options as the operations service takes them. */
    private Map<String, List<String>> query() {
        Map<String, List<String>> query = new LinkedHashMap<>();
        if (from != null) {
            query.put("from", List.of(from.toString()));
        }
        if (to != null) {
            query.put("to", List.of(to.toString()));
        }
        if (!codes.isEmpty()) {
            query.put("code", List.copyOf(codes));
        }
        if (!merchants.isEmpty()) {
            query.put("merchant", List.copyOf(merchants));
        }
        if (includeResolved) {
            query.put("include_resolved", List.of("true"));
        }
        if (dryRun) {
            query.put("dry_run", List.of("true"));
        }
        return query;
    }
}
