package io.kcprovisioning.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A one-line description of the machine a benchmark ran on. */
final class Machine {

    private Machine() {
    }

    static String describe() {
        String cpu = firstValue(Path.of("/proc/cpuinfo"), "model name");
        String mem = firstValue(Path.of("/proc/meminfo"), "MemTotal");
        String os = firstValue(Path.of("/etc/os-release"), "PRETTY_NAME");
        return String.format("%s, %d cores, %s RAM, %s, Java %s, Keycloak %s",
                cpu == null ? "unknown CPU" : cpu, Runtime.getRuntime().availableProcessors(),
                mem == null ? "?" : mem, os == null ? System.getProperty("os.name") : os.replace("\"", ""),
                System.getProperty("java.version"), System.getProperty("keycloak.dist.version", "?"));
    }

    private static String firstValue(Path file, String key) {
        try {
            List<String> lines = Files.readAllLines(file);
            for (String line : lines) {
                if (line.startsWith(key)) {
                    int sep = line.indexOf(line.contains("=") && !line.contains(":") ? '=' : ':');
                    return line.substring(sep + 1).trim();
                }
            }
        } catch (IOException e) {
            return null;
        }
        return null;
    }
}
