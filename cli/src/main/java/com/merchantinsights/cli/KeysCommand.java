package com.merchantinsights.cli;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.gateway.keys.KeyAdmin;
import com.merchantinsights.gateway.keys.KeyStoreException;
import com.merchantinsights.gateway.keys.StoredApiKey;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code bin/insights keys create|list|revoke}: API keys in the running stack's warehouse. */
@Command(
        name = "keys",
        description = "Create, list and revoke API keys of the running stack.",
        subcommands = {KeysCommand.Create.class, KeysCommand.ListKeys.class, KeysCommand.Revoke.class})
final class KeysCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "name a subcommand: create, list or revoke");
    }

    /** Runs {@code action}, turning an unreachable or refusing warehouse into a message and exit code 1. */
    static int withWarehouse(CommandSpec spec, StackOptions stack, Callable<Integer> action) throws Exception {
        try {
            return action.call();
        } catch (IllegalArgumentException e) { // e.g. a merchant key without --merchant
            spec.commandLine().getErr().println(e.getMessage());
            return 2;
        } catch (KeyStoreException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine()
                    .getErr()
                    .println("(the warehouse of the stack in " + stack.config().workDir()
                            + "; is it running? `bin/insights status`)");
            return 1;
        }
    }

    @Command(name = "create", description = "Create a key and print its secret, once.")
    static final class Create implements Callable<Integer> {
        @Mixin
        StackOptions stack;

        @Spec
        CommandSpec spec;

        @Option(
                names = "--scope",
                required = true,
                converter = WarehouseKeys.ScopeConverter.class,
                description = "platform, merchant-write, merchant-read or admin.")
        Scope scope;

        @Option(
                names = "--merchant",
                converter = WarehouseKeys.MerchantConverter.class,
                description = "The merchant of a merchant-write or merchant-read key.")
        MerchantId merchant;

        @Option(names = "--description", description = "What the key is for (shown by `keys list`).")
        String description;

        @Override
        public Integer call() throws Exception {
            return withWarehouse(spec, stack, () -> {
                KeyAdmin admin = WarehouseKeys.admin(stack);
                WarehouseKeys.printIssued(
                        spec.commandLine().getOut(), admin.create(scope, Optional.ofNullable(merchant), description));
                return 0;
            });
        }
    }

    @Command(name = "list", description = "List every key, active and revoked (never a secret: none is stored).")
    static final class ListKeys implements Callable<Integer> {
        private static final DateTimeFormatter TIME =
                DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss'Z'").withZone(ZoneOffset.UTC);
        private static final String ROW = "%-17s %-14s %-20s %-21s %-21s %-20s %s%n";

        @Mixin
        StackOptions stack;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() throws Exception {
            return withWarehouse(spec, stack, () -> {
                List<StoredApiKey> keys = WarehouseKeys.admin(stack).list();
                PrintWriter out = spec.commandLine().getOut();
                out.printf(ROW, "KEY_ID", "SCOPE", "MERCHANT", "CREATED", "REVOKED", "CREATED_BY", "DESCRIPTION");
                for (StoredApiKey key : keys) {
                    out.printf(
                            ROW,
                            key.keyId(),
                            key.scope().wireName(),
                            key.merchant().map(MerchantId::value).orElse("-"),
                            TIME.format(key.createdAt()),
                            key.revokedAt().map(TIME::format).orElse("-"),
                            key.createdBy().orElse("-"),
                            key.description());
                }
                out.flush();
                return 0;
            });
        }
    }

    @Command(name = "revoke", description = "Revoke a key for good; gateways refuse it within seconds.")
    static final class Revoke implements Callable<Integer> {
        @Mixin
        StackOptions stack;

        @Spec
        CommandSpec spec;

        @Parameters(paramLabel = "KEY_ID", description = "The key's id, as `keys list` shows it (key_…).")
        String keyId;

        @Override
        public Integer call() throws Exception {
            return withWarehouse(spec, stack, () -> {
                if (!WarehouseKeys.admin(stack).revoke(keyId)) {
                    spec.commandLine().getErr().println("No active key " + keyId + " (see `bin/insights keys list`).");
                    return 1;
                }
                spec.commandLine()
                        .getOut()
                        .println("Revoked " + keyId
                                + "; the gateways refuse it within their refresh interval (2 s by default).");
                spec.commandLine().getOut().flush();
                return 0;
            });
        }
    }
}
