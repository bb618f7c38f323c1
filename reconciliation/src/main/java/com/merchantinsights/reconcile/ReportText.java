package com.merchantinsights.reconcile;

import java.io.PrintWriter;
import java.util.List;

/** The report for a terminal: the mismatch table, what was left for later or not checked, and one summary line. */
public final class ReportText {
    /** Pending cells can be many right after a burst of events; the JSON output lists them all. */
    static final int PENDING_LINES = 20;

    private static final String ROW = "%-22s %-24s %-13s %9s %9s %10s  %s%n";

    private ReportText() {}

    public static void print(ReconciliationReport report, PrintWriter out) {
        if (!report.mismatches().isEmpty()) {
            out.printf(ROW, "hour (UTC)", "merchant", "check", "expected", "actual", "difference", "actual is");
            for (Mismatch m : report.mismatches()) {
                out.printf(
                        ROW,
                        m.cell().hour(),
                        merchant(m.cell()),
                        m.check().wireName(),
                        m.expected(),
                        m.actual(),
                        String.format("%+d", m.difference()),
                        m.detail());
            }
        }
        for (IdentityFinding f : report.findings()) {
            out.printf(
                    "%-12s %s %s: stored in %s%s (decision 0026; re-derive these hours)%n",
                    f.kind().code(),
                    f.merchantId(),
                    f.eventId(),
                    f.storedHours(),
                    f.firstReceivedHour() == null ? "" : ", first received in " + f.firstReceivedHour());
        }
        List<PendingCell> pending = report.pending();
        for (PendingCell p : pending.subList(0, Math.min(PENDING_LINES, pending.size()))) {
            out.printf(
                    "pending      %s %s %s: %s%n",
                    p.cell().hour(), merchant(p.cell()), p.check().wireName(), p.reason());
        }
        if (pending.size() > PENDING_LINES) {
            out.printf("pending      ... and %d more (--json lists them all)%n", pending.size() - PENDING_LINES);
        }
        for (SkippedHours s : report.skipped()) {
            out.printf(
                    "%-12s %s %s..%s (%d h): %s%n",
                    s.status().kind() == HourStatus.Kind.PENDING ? "pending" : "not checked",
                    s.check().wireName(),
                    s.from(),
                    s.to(),
                    s.hours(),
                    s.status().reason());
        }
        if (report.topicRecordsWithoutHour() > 0 || report.deadLettersWithoutHour() > 0) {
            out.printf(
                    "no hour      %d rejected topic record(s) and %d dead letter(s) have no parseable occurred_at;"
                            + " they are in no hour's comparison%n",
                    report.topicRecordsWithoutHour(), report.deadLettersWithoutHour());
        }
        out.println(summary(report));
        out.flush();
    }

    /** One line: the range, then what the exit code says. */
    public static String summary(ReconciliationReport report) {
        long skippedHours =
                report.skipped().stream().mapToLong(SkippedHours::hours).sum();
        return String.format(
                "%s %s..%s: %d mismatch(es), %d comparison(s) matched, %d pending, %d hour-check(s) skipped%s",
                report.exitCode() == ReconciliationReport.EXIT_MATCHED ? "RECONCILED" : "MISMATCH",
                report.from(),
                report.to(),
                report.mismatches().size(),
                report.matched(),
                report.pending().size(),
                skippedHours,
                report.findings().isEmpty() ? "" : ", " + report.findings().size() + " identity finding(s)");
    }

    static String merchant(HourMerchant cell) {
        return cell.merchantId().isEmpty() ? "(none)" : cell.merchantId();
    }
}
