package io.kcprovisioning.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A real Keycloak server process from the unpacked distribution, with the freshly built provider jar in
 * {@code providers/}. Each server gets its own copy of the distribution (so several can run at once), free ports
 * and a log file; no Docker.
 */
public final class KeycloakServer implements AutoCloseable {

    /**
     * Features the demo and the Docker image run with: admin-console tabs, and Keycloak's own preview SCIM server
     * (the demo's downstream application is a realm served by it).
     */
    public static final String FEATURES = "declarative-ui,scim-api";
    /**
     * Features the test servers run with: the demo's, so that every test also shows that the two SCIM servers
     * coexist, and Keycloak's SCIM server can be an outbound target.
     */
    public static final String TEST_FEATURES = FEATURES;
    public static final String ADMIN_USER = "admin";
    public static final String ADMIN_PASSWORD = "admin";

    private final String name;
    private final Path home;
    private final int httpPort;
    private final int managementPort;
    private final Path log;
    private final List<String> startArgs;
    private final Map<String, String> env;
    private Process process;

    private KeycloakServer(Builder b) {
        this.name = b.name;
        this.home = b.workDir.resolve(b.name);
        this.httpPort = FreePorts.next();
        this.managementPort = FreePorts.next();
        this.log = b.workDir.resolve(b.name + ".log");
        this.startArgs = List.copyOf(b.startArgs);
        this.env = Map.copyOf(b.env);
    }

    public static Builder builder(String name) {
        return new Builder(name);
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public int httpPort() {
        return httpPort;
    }

    public Path home() {
        return home;
    }

    public Path logFile() {
        return log;
    }

    /** Copies the distribution, installs the provider jar, optionally runs a build step, starts and waits. */
    KeycloakServer start(List<String> buildArgs) {
        try {
            prepareHome();
            if (!buildArgs.isEmpty()) {
                List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString(), "build"));
                cmd.addAll(buildArgs);
                Process build = launch(cmd, log.resolveSibling(name + "-build.log"));
                if (build.waitFor() != 0) {
                    throw new IllegalStateException("kc.sh build failed for " + name + "; see "
                            + log.resolveSibling(name + "-build.log") + "\n" + tail(log.resolveSibling(name
                            + "-build.log")));
                }
            }
            startProcess(log);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private void startProcess(Path logFile) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", home.resolve("bin/kc.sh").toString()));
        cmd.addAll(startArgs);
        cmd.add("--http-port=" + httpPort);
        cmd.add("--http-management-port=" + managementPort);
        cmd.add("--health-enabled=true");
        cmd.add("--metrics-enabled=true");
        process = launch(cmd, logFile);
        awaitReady(Duration.ofMinutes(4), logFile);
    }

    private void prepareHome() throws IOException {
        Path dist = Path.of(System.getProperty("it.keycloak.home", "target/it-keycloak/keycloak-26.7.0"));
        Path jar = Path.of(System.getProperty("it.provider.jar", "target/keycloak-provisioning.jar"));
        if (!Files.isRegularFile(dist.resolve("bin/kc.sh"))) {
            throw new IllegalStateException("Keycloak distribution not found at " + dist
                    + " (run through 'mvn verify', which unpacks it)");
        }
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("provider jar not found at " + jar + " (run 'mvn verify')");
        }
        deleteTree(home);
        copyTree(dist, home);
        Files.copy(jar, home.resolve("providers").resolve(jar.getFileName()), StandardCopyOption.REPLACE_EXISTING);
    }

    private Process launch(List<String> cmd, Path logFile) throws IOException {
        Files.createDirectories(logFile.getParent());
        ProcessBuilder pb = new ProcessBuilder(cmd)
                .directory(home.toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile());
        pb.environment().put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
        pb.environment().put("KC_BOOTSTRAP_ADMIN_PASSWORD", ADMIN_PASSWORD);
        pb.environment().putIfAbsent("JAVA_OPTS_KC_HEAP", "-Xms128m -Xmx1g");
        pb.environment().putAll(env);
        String extra = System.getenv("KC_IT_JAVA_OPTS"); // e.g. a flight recording while profiling a benchmark
        if (extra != null && !extra.isBlank()) {
            pb.environment().merge("JAVA_OPTS_APPEND", extra, (a, b) -> a + " " + b);
        }
        return pb.start();
    }

    private void awaitReady(Duration timeout, Path logFile) throws InterruptedException {
        HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        URI ready = URI.create("http://127.0.0.1:" + managementPort + "/health/ready");
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException("Keycloak " + name + " exited with " + process.exitValue()
                        + "; log " + logFile + ":\n" + tail(logFile));
            }
            try {
                HttpResponse<String> r = client.send(HttpRequest.newBuilder(ready).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("Keycloak " + name + " not ready after " + timeout + "; log " + logFile
                + ":\n" + tail(logFile));
    }

    public String metrics() {
        try {
            HttpClient client = HttpClient.newHttpClient();
            return client.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/metrics"))
                    .build(), HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** The pid of Keycloak's JVM (kc.sh execs java, so normally the launched process itself). */
    public long pid() {
        return Stream.concat(Stream.of(process.toHandle()), process.descendants())
                .filter(p -> p.info().command().orElse("").endsWith("java")).findFirst()
                .orElse(process.toHandle()).pid();
    }

    /** Stops the process and waits for it (graceful first, then forcibly). */
    public void stop() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroy);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(30, java.util.concurrent.TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        process = null;
    }

    /** Kills Keycloak's JVM with SIGKILL, as a crashed node: no shutdown hook, no graceful leave of the cluster. */
    public void kill() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> tree = Stream.concat(Stream.of(process.toHandle()), process.descendants()).toList();
        tree.forEach(ProcessHandle::destroyForcibly); // SIGKILL on Linux
        tree.forEach(h -> h.onExit().join());
        process = null;
    }

    /** Starts this server again, on the same home, ports and options, after {@link #stop} or {@link #kill}. */
    public KeycloakServer restart() {
        if (process != null) {
            throw new IllegalStateException("Keycloak " + name + " is running");
        }
        try {
            startProcess(log.resolveSibling(name + "-restart-" + System.currentTimeMillis() + ".log"));
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        stop();
    }

    static String tail(Path file) {
        try {
            List<String> lines = Files.readAllLines(file);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 80), lines.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private static void copyTree(Path from, Path to) throws IOException {
        try (Stream<Path> paths = Files.walk(from)) {
            for (Path p : (Iterable<Path>) paths::iterator) {
                Path target = to.resolve(from.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(target);
                } else {
                    Files.copy(p, target, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
    }

    static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) paths.sorted(Comparator.reverseOrder())::iterator) {
                Files.delete(p);
            }
        }
    }

    /** Configures a server before it starts. */
    public static final class Builder {
        private final String name;
        private Path workDir = Path.of(System.getProperty("it.work.dir", "target/it-work"));
        private final List<String> startArgs = new ArrayList<>();
        private final List<String> buildArgs = new ArrayList<>();
        private final Map<String, String> env = new LinkedHashMap<>();

        private Builder(String name) {
            this.name = name;
        }

        /** {@code start-dev} on the embedded H2 file database, as the demo runs. */
        public Builder dev() {
            startArgs.add("start-dev");
            startArgs.add("--features=" + TEST_FEATURES);
            return this;
        }

        /** {@code build} for PostgreSQL, then {@code start --optimized} against the given database. */
        public Builder postgres(String jdbcUrl, String user, String password) {
            return database(DatabaseServer.POSTGRES, jdbcUrl, user, password);
        }

        /** {@code build --db=<db>}, then {@code start --optimized} against the given database of that server. */
        public Builder database(DatabaseServer db, String jdbcUrl) {
            return database(db, jdbcUrl, db.user(), db.password());
        }

        private Builder database(DatabaseServer db, String jdbcUrl, String user, String password) {
            buildArgs.add("--db=" + db.kcDb());
            buildArgs.add("--features=" + TEST_FEATURES);
            buildArgs.add("--health-enabled=true");
            buildArgs.add("--metrics-enabled=true");
            startArgs.add("start");
            startArgs.add("--optimized");
            startArgs.add("--db-url=" + jdbcUrl);
            startArgs.add("--db-username=" + user);
            startArgs.add("--db-password=" + password);
            startArgs.add("--http-enabled=true");
            startArgs.add("--hostname-strict=false");
            return this;
        }

        /**
         * Lets outbound targets be called over plain http on loopback (the test peers), with a delivery tick every
         * second and short call timeouts, so that retries are seen within a test.
         */
        public Builder outboundToLoopback() {
            String prefix = "--spi-provisioning-outbound-target--provisioning-scim-target--";
            startArgs.add(prefix + "allow-http=true");
            startArgs.add(prefix + "allow-private-addresses=true");
            startArgs.add(prefix + "delivery-interval=1");
            startArgs.add(prefix + "timeout-seconds=5");
            return this;
        }

        public Builder arg(String arg) {
            startArgs.add(arg);
            return this;
        }

        public Builder env(String key, String value) {
            env.put(key, value);
            return this;
        }

        public KeycloakServer start() {
            KeycloakServer server = new KeycloakServer(this);
            return server.start(buildArgs);
        }
    }
}
