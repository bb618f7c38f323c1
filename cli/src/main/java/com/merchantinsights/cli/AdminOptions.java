package com.merchantinsights.cli;

import java.net.URI;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Where the operations commands send their requests: the gateway's admin routes (decision 0039), with an admin key
 * read from a file. By default the local stack's gateway and the admin key {@code up} made at its first start.
 */
final class AdminOptions {
    @Option(
            names = "--url",
            description = "The gateway, e.g. https://insights.example.com (default: this machine's local stack).")
    URI url;

    @Option(
            names = "--key-file",
            description = "A file holding an admin API key (default: the local stack's <work-dir>/secrets/admin.key).")
    Path keyFile;

    AdminClient client(StackOptions stack) {
        var config = stack.config();
        URI gateway = url != null
                ? url
                : URI.create("http://127.0.0.1:" + config.ports().gateway());
        Path key = keyFile != null ? keyFile : LocalSecrets.adminKeyFile(config.workDir());
        return new AdminClient(gateway, key);
    }
}
