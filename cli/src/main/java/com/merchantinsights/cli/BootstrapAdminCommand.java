package com.merchantinsights.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** Creates the first admin key (decision 0006), and only that one: further admin keys are ordinary keys. */
@Command(name = "bootstrap-admin", description = "Create the first admin key, only when no active admin key exists.")
final class BootstrapAdminCommand implements Callable<Integer> {
    @Mixin
    StackOptions stack;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        return WarehouseKeys.withWarehouse(spec, stack, () -> {
            var issued = WarehouseKeys.admin(stack).bootstrapAdmin();
            if (issued.isEmpty()) {
                spec.commandLine()
                        .getErr()
                        .println("An active admin key exists already; nothing was created."
                                + " More admin keys: `bin/insights keys create --scope admin`.");
                return 1;
            }
            WarehouseKeys.printIssued(spec.commandLine().getOut(), issued.get());
            return 0;
        });
    }
}
