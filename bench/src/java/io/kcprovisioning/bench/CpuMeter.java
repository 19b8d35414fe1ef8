package io.kcprovisioning.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
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
    /** Each Keycloak thread's kind and CPU at the last snapshot, by thread id. */
    private Map<String, TaskCpu> lastThreads = Map.of();
    private Map<Kind, Double> lastKeycloak;
    private double lastProcessMs;

    CpuMeter(long keycloakPid) {
        this.keycloakPid = keycloakPid;
    }

    private record TaskCpu(Kind kind, double cpuMs) {
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

    /**
     * Cumulative CPU by kind. Threads come and go (idle executor threads end, HotSpot stops idle compiler threads):
     * a thread that ended since the last snapshot took its last CPU with it, so what the process as a whole spent
     * beyond its live threads is given to the kinds of the threads that ended. PostgreSQL backends that ended are
     * counted by the postmaster's children times.
     */
    synchronized Snapshot take() throws IOException {
        Map<String, TaskCpu> threads = new HashMap<>();
        try (DirectoryStream<Path> tasks = Files.newDirectoryStream(Path.of("/proc", "" + keycloakPid, "task"))) {
            for (Path task : tasks) {
                String stat = readStat(task.resolve("stat"));
                if (stat != null) {
                    threads.put(task.getFileName().toString(), new TaskCpu(
                            kindOf(stat.substring(stat.indexOf('(') + 1, stat.lastIndexOf(')'))), cpuMs(stat, false)));
                }
            }
        }
        String processStat = readStat(Path.of("/proc", "" + keycloakPid, "stat"));
        double processMs = processStat == null ? 0 : cpuMs(processStat, false);
        Map<Kind, Double> keycloak = new EnumMap<>(Kind.class);
        if (lastKeycloak == null) {
            for (Kind kind : Kind.values()) {
                keycloak.put(kind, 0.0);
            }
            threads.values().forEach(t -> keycloak.merge(t.kind(), t.cpuMs(), Double::sum));
        } else {
            keycloak.putAll(lastKeycloak);
            double live = 0;
            for (Map.Entry<String, TaskCpu> t : threads.entrySet()) {
                TaskCpu before = lastThreads.get(t.getKey());
                double spent = t.getValue().cpuMs() - (before == null ? 0 : before.cpuMs());
                keycloak.merge(t.getValue().kind(), spent, Double::sum);
                live += spent;
            }
            List<TaskCpu> ended = lastThreads.entrySet().stream().filter(e -> !threads.containsKey(e.getKey()))
                    .map(Map.Entry::getValue).toList();
            double unaccounted = processMs - lastProcessMs - live;
            if (unaccounted > 0 && ended.isEmpty()) { // threads that started and ended between two snapshots
                keycloak.merge(Kind.OTHER, unaccounted, Double::sum);
            } else if (unaccounted > 0) {
                ended.forEach(t -> keycloak.merge(t.kind(), unaccounted / ended.size(), Double::sum));
            }
        }
        lastThreads = threads;
        lastKeycloak = keycloak;
        lastProcessMs = processMs;
        double postgres = 0;
        for (ProcessHandle p : ProcessHandle.allProcesses().toList()) {
            if (p.info().command().orElse("").contains("postgres")) {
                String stat = readStat(Path.of("/proc", "" + p.pid(), "stat"));
                boolean postmaster = p.parent().map(parent -> !parent.info().command().orElse("")
                        .contains("postgres")).orElse(true);
                postgres += stat == null ? 0 : cpuMs(stat, postmaster);
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

    /** utime + stime of a /proc stat line (and with {@code children}, cutime + cstime: ended children), in ms. */
    private static double cpuMs(String stat, boolean children) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
        if (children) {
            ticks += Long.parseLong(fields[13]) + Long.parseLong(fields[14]);
        }
        return ticks * MS_PER_TICK;
    }

    private static String readStat(Path path) {
        try {
            return Files.readString(path);
        } catch (IOException gone) { // a thread or process that ended meanwhile
            return null;
        }
    }
}
