package com.merchantinsights.stack;

import java.util.ArrayList;
import java.util.List;

/**
 * The JVM flags of the Cassandra node. Cassandra's launch scripts (cassandra.in.sh, cassandra-env.sh and
 * conf/jvm17-server.options of the 5.0 distribution) add these; started from plain jars, the stack has to.
 */
final class CassandraJvmFlags {
    /** Heap per engines.md: fixed 1 GiB with a 256 MiB young generation, small thread stacks. */
    static final List<String> HEAP = List.of("-Xms1g", "-Xmx1g", "-Xmn256m", "-Xss256k", "-XX:+ExitOnOutOfMemoryError");

    /** The JPMS section of conf/jvm17-server.options: Cassandra reaches into JDK internals on Java 17. */
    static final List<String> JAVA17_MODULE_ACCESS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports",
            "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports",
            "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports",
            "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports",
            "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports",
            "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports",
            "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports",
            "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports",
            "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.io=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens",
            "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.util=ALL-UNNAMED",
            // Netty section of the same file: direct buffers through Unsafe, and 4.1.75's allocator defaults reverted
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Dio.netty.allocator.maxOrder=11");

    private CassandraJvmFlags() {}

    static List<String> of(CassandraConfig config, String classpath) {
        List<String> flags = new ArrayList<>(HEAP);
        // cassandra.in.sh: jamm measures object sizes for memtable accounting through an instrumentation agent
        flags.add("-javaagent:" + EngineClasspath.jar(classpath, "jamm-"));
        flags.addAll(JAVA17_MODULE_ACCESS);
        flags.add("-Djava.net.preferIPv4Stack=true");
        flags.add("-Dcassandra.config=" + config.yamlFile().toUri());
        flags.add("-Dcassandra.storagedir=" + config.nodeDir());
        flags.add("-Dlogback.configurationFile=" + config.logbackFile());
        // Foreground: in daemon mode Cassandra closes stdout and stderr, which are its log here.
        flags.add("-Dcassandra-foreground=yes");
        // The default superuser is made right after start-up rather than 10 s later: the stack logs in with it once.
        flags.add("-Dcassandra.superuser_setup_delay_ms=0");
        flags.add("-Dcassandra.jmx.local.port=" + config.jmxPort());
        // A single seed node has no gossip peers to wait for: skip the settle wait (several seconds) and shorten
        // the ring delay (a ring of several keeps a longer one, below). Both property names checked against
        // CassandraRelevantProperties of 5.0.9.
        flags.add("-Dcassandra.skip_wait_for_gossip_to_settle=0");
        // On a ring of several nodes a joining node's first contact with the seed (its "shadow round") waits this
        // long: 1 s failed under the load of three nodes starting on 2 cores ("Unable to contact any seeds").
        flags.add("-Dcassandra.ring_delay_ms=" + (config.nodes() == 1 ? 1_000 : 10_000));
        // No -ea (the stock options enable assertions): they cost CPU on every request, and a local stack shares
        // 2 cores; Cassandra's own test suites are where its assertions earn their keep.
        return flags;
    }
}
