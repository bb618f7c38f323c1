package com.merchantinsights.cli;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.keys.IssuedApiKey;
import com.merchantinsights.service.keys.KeyAdmin;
import com.merchantinsights.service.keys.KeyStoreException;
import com.merchantinsights.stack.EngineEndpoints;
import java.io.PrintWriter;
import java.util.Arrays;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * What the key commands share: how a new key is shown (once), and, for {@code bootstrap-admin} alone, the running
 * stack's warehouse.
 */
final class WarehouseKeys {
    private WarehouseKeys() {}

    /** Key administration on the warehouse of the stack these options name (its JDBC URL follows from its ports). */
    static KeyAdmin admin(StackOptions stack) {
        EngineEndpoints endpoints = EngineEndpoints.of(stack.config());
        return KeyAdmin.forWarehouse(endpoints.jdbcUrl(), endpoints.jdbcUser(), endpoints.jdbcPassword());
    }

    /**
     * Runs {@code action}, turning an unreachable or refusing warehouse into a message naming {@code warehouse} (the
     * local stack's work directory, or a JDBC URL) and exit code 1.
     */
    static int withWarehouse(CommandSpec spec, String warehouse, Callable<Integer> action) throws Exception {
        try {
            return action.call();
        } catch (KeyStoreException e) {
            spec.commandLine().getErr().println(e.getMessage());
            spec.commandLine()
                    .getErr()
                    .println(
                            warehouse.startsWith("jdbc:")
                                    ? "(the warehouse at " + warehouse + "; is the port forward running?)"
                                    : "(the warehouse of the stack in " + warehouse
                                            + "; is it running? `bin/insights status`)");
            return 1;
        }
    }

    /** The secret comes last, alone on its line, so that {@code | tail -n 1} captures it. */
    static void printIssued(PrintWriter out, IssuedApiKey key) {
        out.println("Created " + key.scope().wireName() + " key " + key.keyId()
                + key.merchant().map(m -> " for merchant " + m).orElse("") + ".");
        out.println(
                "Its secret is shown only now (the warehouse keeps a SHA-256 digest); use it as 'Authorization: Bearer <secret>':");
        out.println(key.secret());
        out.flush();
    }

    /** Picocli converter for {@code --scope platform|merchant-write|merchant-read|admin}. */
    static final class ScopeConverter implements CommandLine.ITypeConverter<Scope> {
        @Override
        public Scope convert(String value) {
            try {
                return Scope.fromWireName(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException("'" + value + "' is not a scope; use one of "
                        + Arrays.stream(Scope.values()).map(Scope::wireName).collect(Collectors.joining(", ")));
            }
        }
    }

    /** Picocli converter for {@code --merchant}, with the merchant id's own rule. */
    static final class MerchantConverter implements CommandLine.ITypeConverter<MerchantId> {
        @Override
        public MerchantId convert(String value) {
            try {
                return new MerchantId(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
