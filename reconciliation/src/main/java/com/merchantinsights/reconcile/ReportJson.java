package com.merchantinsights.reconcile;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The report for machines ({@code --json}): every mismatch, pending cell and skipped run, and the summary figures. */
public final class ReportJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ReportJson() {}

    public static String render(ReconciliationReport report) {
        ObjectNode root = JSON.createObjectNode();
        root.put("from", report.from().toString());
        root.put("to", report.to().toString());
        root.put("exit_code", report.exitCode());
        root.put("matched", report.matched());
        ArrayNode findings = root.putArray("identity_findings");
        for (IdentityFinding f : report.findings()) {
            ObjectNode node = findings.addObject()
                    .put("kind", f.kind().code())
                    .put("merchant_id", f.merchantId())
                    .put("event_id", f.eventId())
                    .put(
                            "first_received_hour",
                            f.firstReceivedHour() == null
                                    ? null
                                    : f.firstReceivedHour().toString());
            f.storedHours().forEach(h -> node.withArray("stored_hours").add(h.toString()));
        }
        ArrayNode mismatches = root.putArray("mismatches");
        for (Mismatch m : report.mismatches()) {
            ObjectNode node = cell(mismatches.addObject(), m.cell(), m.check());
            node.put("expected", m.expected());
            node.put("actual", m.actual());
            node.put("difference", m.difference());
            node.put("detail", m.detail());
        }
        ArrayNode pending = root.putArray("pending");
        for (PendingCell p : report.pending()) {
            cell(pending.addObject(), p.cell(), p.check()).put("reason", p.reason());
        }
        ArrayNode skipped = root.putArray("skipped");
        for (SkippedHours s : report.skipped()) {
            ObjectNode node = skipped.addObject();
            node.put("check", s.check().wireName());
            node.put("from", s.from().toString());
            node.put("to", s.to().toString());
            node.put("status", s.status().kind().name().toLowerCase(java.util.Locale.ROOT));
            node.put("reason", s.status().reason());
        }
        ObjectNode withoutHour = root.putObject("without_hour");
        withoutHour.put("topic_records", report.topicRecordsWithoutHour());
        withoutHour.put("dead_letters", report.deadLettersWithoutHour());
        root.put("summary", ReportText.summary(report));
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static ObjectNode cell(ObjectNode node, HourMerchant cell, ReconciliationCheck check) {
        node.put("hour", cell.hour().toString());
        node.put("merchant_id", cell.merchantId());
        node.put("check", check.wireName());
        return node;
    }
}
