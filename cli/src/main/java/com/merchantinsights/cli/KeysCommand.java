package com.merchantinsights.cli;

import com.merchantinsights.core.event.MerchantId;
import com.merchantinsights.core.identity.Scope;
import com.merchantinsights.service.Json;
import com.merchantinsights.service.keys.IssuedApiKey;
import java.io.PrintWriter;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code bin/insights keys create|list|revoke}: a client of the gateway's {@code /v1/admin/keys} with an admin key
 * (decision 0039), so that every change records the key that made it. Only {@code bootstrap-admin} writes the
 * warehouse directly: it makes the first admin key, when there is none to ask with.
 */
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

    /** Runs {@code action}, turning an unreachable gateway or a refusal into a message and exit code 1. */
    static int withGateway(CommandSpec spec, AdminClient admin, Callable<Integer> action) throws Exception {
        try {
            return action.call();
        } catch (java.io.IOException e) {
            spec.commandLine()
                    .getErr()
                    .println("the gateway at " + admin.gateway() + " is not answering (" + e.getMessage()
                            + "); is the stack running? `bin/insights status`");
            return 1;
        }
    }

    /** A refusal's message (our error body, as the client returns it) on standard error; exit code 1. */
    static int refused(CommandSpec spec, AdminClient.Answer answer) throws java.io.IOException {
        spec.commandLine()
                .getErr()
                .println(Json.mapper().readTree(answer.body()).path("error").asText(answer.body()));
        spec.commandLine().getErr().flush();
        return 1;
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

        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() throws Exception {
            AdminClient client = admin.client(stack);
            return withGateway(spec, client, () -> {
                var body = Json.mapper().createObjectNode().put("scope", scope.wireName());
                if (merchant != null) {
                    body.put("merchant_id", merchant.value());
                }
                if (description != null) {
                    body.put("description", description);
                }
                AdminClient.Answer created = client.postJson("/keys", body.toString());
                if (created.statusCode() != 201) {
                    return refused(spec, created);
                }
                var key = Json.mapper().readTree(created.body());
                WarehouseKeys.printIssued(
                        spec.commandLine().getOut(),
                        new IssuedApiKey(
                                key.path("key_id").asText(),
                                key.path("secret").asText(),
                                scope,
                                Optional.ofNullable(merchant)));
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

        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() throws Exception {
            AdminClient client = admin.client(stack);
            return withGateway(spec, client, () -> {
                AdminClient.Answer listed = client.get("/keys", java.util.Map.of());
                if (listed.statusCode() != 200) {
                    return refused(spec, listed);
                }
                PrintWriter out = spec.commandLine().getOut();
                out.printf(ROW, "KEY_ID", "SCOPE", "MERCHANT", "CREATED", "REVOKED", "CREATED_BY", "DESCRIPTION");
                for (var key : Json.mapper().readTree(listed.body()).path("keys")) {
                    out.printf(
                            ROW,
                            key.path("key_id").asText(),
                            key.path("scope").asText(),
                            key.path("merchant_id").asText("-"),
                            time(key.path("created_at").asText(null)),
                            time(key.path("revoked_at").asText(null)),
                            key.path("created_by").asText("-"),
                            key.path("description").asText(""));
                }
                out.flush();
                return 0;
            });
        }

        private static String time(String instant) {
            return instant == null ? "-" : TIME.format(java.time.Instant.parse(instant));
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

        @Mixin
        AdminOptions admin;

        @Override
        public Integer call() throws Exception {
            AdminClient client = admin.client(stack);
            return withGateway(spec, client, () -> {
                AdminClient.Answer revoked = client.delete("/keys/" + keyId);
                if (revoked.statusCode() == 404) {
                    spec.commandLine().getErr().println("No active key " + keyId + " (see `bin/insights keys list`).");
                    return 1;
                }
                if (revoked.statusCode() != 204) {
                    return refused(spec, revoked);
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
