package com.merchantinsights.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code bin/insights}: the local system's command line. */
@Command(
        name = "insights",
        mixinStandardHelpOptions = true,
        version = "Merchant Insights 0.1.0",
        description = "Runs Merchant Insights on this machine: Kafka, Cassandra, PostgreSQL, Spark and our services.",
        subcommands = {
            UpCommand.class,
            DownCommand.class,
            StatusCommand.class,
            EtlCommand.class,
            KeysCommand.class,
            BootstrapAdminCommand.class,
            ArchiveCommand.class,
            DeadLettersCommand.class,
            RederiveCommand.class,
            ReprocessCommand.class,
            RollbackCommand.class,
            RunsCommand.class,
            ReconcileCommand.class,
            EraseCommand.class
        })
public final class InsightsCli {
    public static void main(String[] args) {
        System.exit(new CommandLine(new InsightsCli()).execute(args));
    }
}
