package io.kcprovisioning.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The table a benchmark prints: each figure beside its baseline measured in the same run, the ratio and the target.
 * {@link #publish} prints it and rewrites this benchmark's block of {@code bench/README.md} (between
 * {@code <!-- results:ID:start -->} and {@code <!-- results:ID:end -->}) with the machine it ran on.
 */
public final class BenchTable {

    /**
     * One figure.
     *
     * @param name          what was measured
     * @param value         the figure
     * @param baselineName  what it is compared with
     * @param baseline      the baseline's figure, same unit, same run
     * @param unit          ms, ops/s, ...
     * @param targetRatio   the most (lowerIsBetter) or least ratio the issue accepts; NaN: no target
     * @param lowerIsBetter true for latencies
     */
    public record Row(String name, double value, String baselineName, double baseline, String unit,
            double targetRatio, boolean lowerIsBetter) {

        public double ratio() {
            return baseline == 0 ? Double.NaN : value / baseline;
        }

        public String verdict() {
            if (Double.isNaN(targetRatio)) {
                return "-";
            }
            boolean ok = lowerIsBetter ? ratio() <= targetRatio : ratio() >= targetRatio;
            return ok ? "pass" : "FAIL";
        }
    }

    /** A figure checked against a fixed target rather than a baseline (a count that must stay 0, say). */
    public record Check(String name, String value, String target, boolean pass) {
    }

    private final List<Check> checks = new ArrayList<>();
    private final String id;
    private final String title;
    private final List<Row> rows = new ArrayList<>();
    private final List<String> notes = new ArrayList<>();

    public BenchTable(String id, String title) {
        this.id = id;
        this.title = title;
    }

    public BenchTable row(Row row) {
        rows.add(row);
        return this;
    }

    public BenchTable check(Check check) {
        checks.add(check);
        return this;
    }

    public BenchTable note(String note) {
        notes.add(note);
        return this;
    }

    public String markdown() {
        StringBuilder sb = new StringBuilder();
        sb.append("### ").append(title).append("\n\n");
        sb.append("Measured ").append(LocalDate.now()).append(" on ").append(Machine.describe()).append(".\n\n");
        sb.append("| figure | value | baseline | baseline value | ratio | target | verdict |\n");
        sb.append("|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            sb.append("| ").append(r.name()).append(" | ").append(fmt(r.value())).append(' ').append(r.unit())
                    .append(" | ").append(r.baselineName()).append(" | ").append(fmt(r.baseline())).append(' ')
                    .append(r.unit()).append(" | ").append(String.format(Locale.ROOT, "%.2fx", r.ratio()))
                    .append(" | ").append(Double.isNaN(r.targetRatio()) ? "-"
                            : (r.lowerIsBetter() ? "≤ " : "≥ ") + String.format(Locale.ROOT, "%.2fx", r.targetRatio()))
                    .append(" | ").append(r.verdict()).append(" |\n");
        }
        for (Check c : checks) {
            sb.append("| ").append(c.name()).append(" | ").append(c.value()).append(" | - | - | - | ")
                    .append(c.target()).append(" | ").append(c.pass() ? "pass" : "FAIL").append(" |\n");
        }
        for (String note : notes) {
            sb.append("\n").append(note).append("\n");
        }
        return sb.toString();
    }

    /** Prints the table and writes it into bench/README.md. */
    public void publish() {
        String table = markdown();
        System.out.println("\n" + table);
        Path readme = Path.of(System.getProperty("it.project.dir", "")).toAbsolutePath().resolve("bench/README.md");
        try {
            String text = Files.exists(readme) ? Files.readString(readme) : "# Benchmarks\n";
            String start = "<!-- results:" + id + ":start -->";
            String end = "<!-- results:" + id + ":end -->";
            String block = start + "\n" + table + end;
            int s = text.indexOf(start);
            int e = text.indexOf(end);
            if (s >= 0 && e > s) {
                text = text.substring(0, s) + block + text.substring(e + end.length());
            } else {
                text = text.stripTrailing() + "\n\n" + block + "\n";
            }
            Files.writeString(readme, text);
        } catch (IOException ex) {
            throw new UncheckedIOException(ex);
        }
    }

    private static String fmt(double v) {
        return v >= 100 ? String.format(Locale.ROOT, "%.0f", v) : String.format(Locale.ROOT, "%.2f", v);
    }
}
