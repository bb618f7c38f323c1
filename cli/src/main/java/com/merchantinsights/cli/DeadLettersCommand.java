package com.merchantinsights.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code bin/insights dead-letters …}: what to do with events that failed processing. */
@Command(
        name = "dead-letters",
        description = "Work with dead letters (events that failed processing).",
        subcommands = RedriveCommand.class)
final class DeadLettersCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand, e.g. redrive");
    }
}
