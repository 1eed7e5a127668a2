package kg.neo4jserver;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.neo4j.configuration.GraphDatabaseSettings;
import org.neo4j.configuration.connectors.BoltConnector;
import org.neo4j.configuration.connectors.HttpConnector;
import org.neo4j.configuration.connectors.HttpsConnector;
import org.neo4j.configuration.helpers.SocketAddress;
import org.neo4j.harness.Neo4j;
import org.neo4j.harness.Neo4jBuilder;
import org.neo4j.harness.Neo4jBuilders;
import org.neo4j.io.ByteUnit;
import org.neo4j.server.configuration.ServerSettings;

/**
 * Neo4j Community in this process, for the project's tests: Bolt and HTTP on free ports of
 * 127.0.0.1, authentication on (user neo4j, password from $NEO4J_PASSWORD), data under the folder
 * given as the first argument. A second argument names a Neo4j home whose data/ is copied in first
 * (a database made by `neo4j-admin database import full`, say). Prints "bolt=URI", "http=URI",
 * "version=..." and then "ready" on stdout once it serves; SIGTERM (or SIGINT) shuts the database
 * down cleanly and deletes its data.
 */
public final class Launcher {
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: Launcher DATA_DIR [FROM_NEO4J_HOME]   (password in $NEO4J_PASSWORD)");
            System.exit(2);
        }
        String password = System.getenv("NEO4J_PASSWORD");
        if (password == null || password.length() < 8) {
            System.err.println("neo4j-server: set NEO4J_PASSWORD (8 characters or more)");
            System.exit(2);
        }
        Path dir = Path.of(args[0]).toAbsolutePath();
        Files.createDirectories(dir);
        // Free ports picked here rather than port 0, so that the addresses the server advertises
        // (discovery at http://.../, which Neo4j Browser reads) are the real ones.
        SocketAddress bolt = new SocketAddress("127.0.0.1", freePort());
        SocketAddress http = new SocketAddress("127.0.0.1", freePort());

        Neo4jBuilder builder = Neo4jBuilders.newInProcessBuilder(dir);
        if (args.length == 2) {
            builder = builder.copyFrom(Path.of(args[1]).toAbsolutePath());
        }
        Neo4j neo4j = builder
                .withConfig(GraphDatabaseSettings.auth_enabled, true)
                .withConfig(BoltConnector.enabled, true)
                .withConfig(BoltConnector.listen_address, bolt)
                .withConfig(BoltConnector.advertised_address, bolt)
                .withConfig(BoltConnector.encryption_level, BoltConnector.EncryptionLevel.DISABLED)
                .withConfig(HttpConnector.enabled, true)
                .withConfig(HttpConnector.listen_address, http)
                .withConfig(HttpConnector.advertised_address, http)
                .withConfig(HttpsConnector.enabled, false)
                // Browser may :play guides and load styles from this machine only, and sends no telemetry.
                .withConfig(ServerSettings.browser_remote_content_hostname_whitelist, "localhost,127.0.0.1")
                .withConfig(ServerSettings.allow_telemetry, false)
                .withConfig(GraphDatabaseSettings.pagecache_memory, ByteUnit.mebiBytes(128))
                .build();

        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            try {
                neo4j.close();
            } finally {
                stopped.countDown();
            }
        }, "neo4j-server-shutdown"));

        // The initial user must not be asked to change its password: set the given one.
        neo4j.databaseManagementService().database("system").executeTransactionally(
                "ALTER USER neo4j SET PASSWORD $password CHANGE NOT REQUIRED", Map.of("password", password));
        String version = neo4j.defaultDatabaseService().executeTransactionally(
                "CALL dbms.components() YIELD name, versions, edition "
                        + "RETURN name + ' ' + versions[0] + ' ' + edition AS v",
                Map.of(), result -> (String) result.next().get("v"));

        System.out.println("bolt=" + strip(neo4j.boltURI().toString()));
        System.out.println("http=" + strip(neo4j.httpURI().toString()));
        System.out.println("version=" + version);
        System.out.println("ready");
        System.out.flush();
        stopped.await();
    }

    private static int freePort() throws java.io.IOException {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static String strip(String uri) {
        return uri.endsWith("/") ? uri.substring(0, uri.length() - 1) : uri;
    }
}
