package io.kcprovisioning.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;

/**
 * CPU time the processes of a benchmark used, read from {@code /proc} (Linux): Keycloak's threads by kind and all
 * PostgreSQL processes together. On a machine the benchmark keeps busy, throughput follows CPU per operation, so
 * this shows where an operation's CPU goes and how far a throughput target is from what the work costs.
 */
final class CpuMeter {

    /** Kinds of Keycloak threads. */
    enum Kind {
        /** executor threads (resource methods, JPA, transactions) and Vert.x event loops (HTTP) */
        REQUESTS,
        /** C1/C2 compiler threads: still compiling code paths the run goes through */
        JIT,
        /** GC and every other JVM or Keycloak thread */
        OTHER
    }

    /** Linux's USER_HZ, the unit of /proc/[pid]/stat times, 100 on every mainstream architecture. */
    private static final double MS_PER_TICK = 10.0;

    private final long keycloakPid;

    CpuMeter(long keycloakPid) {
        this.keycloakPid = keycloakPid;
    }

    /** CPU times so far, in ms. */
    record Snapshot(Map<Kind, Double> keycloak, double postgres) {

        /** CPU per operation between {@code before} and this snapshot. */
        Snapshot perOperation(Snapshot before, int operations) {
            Map<Kind, Double> k = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                k.put(kind, (keycloak.get(kind) - before.keycloak.get(kind)) / operations);
            }
            return new Snapshot(k, (postgres - before.postgres) / operations);
        }

        Snapshot plus(Snapshot other) {
            Map<Kind, Double> k = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                k.put(kind, keycloak.get(kind) + other.keycloak.get(kind));
            }
            return new Snapshot(k, postgres + other.postgres);
        }

        Snapshot times(double factor) {
            Map<Kind, Double> k = new EnumMap<>(Kind.class);
            keycloak.forEach((kind, ms) -> k.put(kind, ms * factor));
            return new Snapshot(k, postgres * factor);
        }

        static Snapshot zero() {
            Map<Kind, Double> k = new EnumMap<>(Kind.class);
            for (Kind kind : Kind.values()) {
                k.put(kind, 0.0);
            }
            return new Snapshot(k, 0);
        }
    }

    Snapshot take() throws IOException {
        Map<Kind, Double> keycloak = new EnumMap<>(Kind.class);
        for (Kind kind : Kind.values()) {
            keycloak.put(kind, 0.0);
        }
        try (DirectoryStream<Path> threads = Files.newDirectoryStream(Path.of("/proc", "" + keycloakPid, "task"))) {
            for (Path thread : threads) {
                String stat = readStat(thread.resolve("stat"));
                if (stat != null) {
                    keycloak.merge(kindOf(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))),
                            cpuMs(stat), Double::sum);
                }
            }
        }
        double postgres = 0;
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            if (p.info().command().orElse("").contains("postgres")) {
                String stat = readStat(Path.of("/proc", "" + p.pid(), "stat"));
                postgres += stat == null ? 0 : cpuMs(stat);
            }
        }
        return new Snapshot(keycloak, postgres);
    }

    private static Kind kindOf(String threadName) {
        if (threadName.startsWith("executor-thread") || threadName.startsWith("vert.x-eventloo")) {
            return Kind.REQUESTS;
        }
        return threadName.contains("CompilerThre") ? Kind.JIT : Kind.OTHER;
    }

    /** utime + stime of a /proc stat line, in ms. */
    private static double cpuMs(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        return (Long.parseLong(fields[11]) + Long.parseLong(fields[12])) * MS_PER_TICK;
    }

    private static String readStat(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException gone) { // a thread or process that ended meanwhile
            return null;
        }
    }
}
