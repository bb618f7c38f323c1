package com.merchantinsights.cli;

import com.merchantinsights.service.keys.KeyAdmin;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Creates the first admin key (decision 0006), and only that one: further admin keys are ordinary keys. Against the
 * local stack's warehouse by default; with {@code --jdbc-url} against any (a cluster's primary through a port forward,
 * issue 22), the user from {@code --jdbc-user} and the password from {@code INSIGHTS_JDBC_PASSWORD}, never from the
 * command line.
 */
@Command(name = "bootstrap-admin", description = "Create the first admin key, only when no active admin key exists.")
final class BootstrapAdminCommand implements Callable<Integer> {
    /** Where a cluster's warehouse password comes from: the environment, so it is in no shell history. */
    static final String PASSWORD_VARIABLE = "INSIGHTS_JDBC_PASSWORD";

    @Mixin
    StackOptions stack;

    @Option(
            names = "--jdbc-url",
            paramLabel = "URL",
            description =
                    "A warehouse other than the local stack's: its primary, e.g. jdbc:postgresql://127.0.0.1:5432/insights"
                            + " through `kubectl port-forward svc/insights-warehouse-rw 5432`. The password comes from "
                            + PASSWORD_VARIABLE + ".")
    String jdbcUrl;

    @Option(
            names = "--jdbc-user",
            paramLabel = "USER",
            defaultValue = "insights",
            description = "The warehouse user with --jdbc-url (default: ${DEFAULT-VALUE}, the chart's).")
    String jdbcUser;

    @Spec
    CommandSpec spec;

    /** The environment, as a seam for tests. */
    java.util.function.UnaryOperator<String> environment = System::getenv;

    @Override
    public Integer call() throws Exception {
        KeyAdmin admin;
        if (jdbcUrl == null) {
            admin = WarehouseKeys.admin(stack);
        } else {
            String password = environment.apply(PASSWORD_VARIABLE);
            if (password == null || password.isEmpty()) {
                spec.commandLine()
                        .getErr()
                        .println("--jdbc-url needs the warehouse password in " + PASSWORD_VARIABLE
                                + " (CloudNativePG's Secret: kubectl get secret insights-warehouse-app"
                                + " -o jsonpath='{.data.password}' | base64 -d). A chart install makes the first key"
                                + " itself, into the Secret merchant-insights-first-admin-key.");
                return 2;
            }
            admin = KeyAdmin.forWarehouse(jdbcUrl, jdbcUser, password);
        }
        return WarehouseKeys.withWarehouse(
                spec, jdbcUrl == null ? stack.config().workDir().toString() : jdbcUrl, () -> {
                    var issued = admin.bootstrapAdmin();
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
