package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;
import org.mingjian.platform.datagen.DataGenerator;
import org.mingjian.platform.datagen.GenerationReport;
import org.mingjian.platform.datagen.Scale;

/**
 * Command line: {@code java -jar org.mingjian.platform.datagen-<version>.jar --scale small|city
 * --seed 42 --out DIR}. Exit codes: 0 done, 1 generation failed, 2 bad arguments.
 */
public final class Main {

  static final int OK = 0;
  static final int FAILED = 1;
  static final int USAGE = 2;

  static final String USAGE_TEXT =
      """
      Usage: java -jar org.mingjian.platform.datagen.jar [--scale small|city] [--seed N] --out DIR

      Writes deterministic synthetic Beijing data as CSV into DIR:
        persons.csv, civil_judgments.csv, fund_withdrawals.csv and ground_truth.csv
        (the clues planted for the model provident-fund-false-litigation).

      Options:
        --scale small|city  how much data (default: small)
                              small:    20,000 persons,     8,000 judgments,     60,000 withdrawals
                              city:  1,000,000 persons, 1,000,000 judgments, 10,000,000 withdrawals
        --seed N            64-bit seed (default: 42); the same scale and seed give identical files
        --out DIR           output directory, created if missing; existing files are replaced
        --help              print this text

      Options also accept the form --name=value. Exit codes: 0 done, 1 failed, 2 bad arguments.
      """;

  private Main() {}

  /**
   * Entry point.
   *
   * @param args the arguments
   */
  public static void main(String[] args) {
    int rc = run(args, System.out, System.err);
    if (rc != OK) {
      System.exit(rc);
    }
  }

  /**
   * Runs the command without exiting the JVM.
   *
   * @param args the arguments
   * @param out progress, summary and usage
   * @param err error messages
   * @return the exit code
   */
  static int run(String[] args, PrintStream out, PrintStream err) {
    Scale scale = null;
    Long seed = null;
    Path dir = null;
    try {
      for (int i = 0; i < args.length; i++) {
        String arg = args[i];
        if (arg.equals("--help") || arg.equals("-h")) {
          out.print(USAGE_TEXT);
          return OK;
        }
        String name = arg;
        String value = null;
        int eq = arg.indexOf('=');
        if (arg.startsWith("--") && eq > 0) {
          name = arg.substring(0, eq);
          value = arg.substring(eq + 1);
        }
        switch (name) {
          case "--scale", "--seed", "--out" -> {
            if (value == null) {
              if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                throw new ArgumentException("option " + name + " needs a value");
              }
              value = args[++i];
            }
          }
          default -> {
            if (arg.startsWith("-")) {
              throw new ArgumentException("unknown option " + arg);
            }
            throw new ArgumentException("unexpected argument " + arg);
          }
        }
        switch (name) {
          case "--scale" -> {
            if (scale != null) {
              throw new ArgumentException("--scale given twice");
            }
            try {
              scale = Scale.parse(value);
            } catch (IllegalArgumentException e) {
              throw new ArgumentException("bad --scale '" + value + "': expected small or city");
            }
          }
          case "--seed" -> {
            if (seed != null) {
              throw new ArgumentException("--seed given twice");
            }
            try {
              seed = Long.parseLong(value.trim());
            } catch (NumberFormatException e) {
              throw new ArgumentException("bad --seed '" + value + "': expected a 64-bit integer");
            }
          }
          default -> {
            if (dir != null) {
              throw new ArgumentException("--out given twice");
            }
            if (value.isBlank()) {
              throw new ArgumentException("--out needs a directory");
            }
            try {
              dir = Path.of(value);
            } catch (InvalidPathException e) {
              throw new ArgumentException("bad --out '" + value + "': " + e.getReason());
            }
            if (Files.exists(dir) && !Files.isDirectory(dir)) {
              throw new ArgumentException("--out " + value + " exists and is not a directory");
            }
          }
        }
      }
      if (dir == null) {
        throw new ArgumentException("missing --out DIR");
      }
    } catch (ArgumentException e) {
      err.println("datagen: " + e.getMessage());
      err.println("Run with --help for usage.");
      return USAGE;
    }
    if (scale == null) {
      scale = Scale.SMALL;
    }
    if (seed == null) {
      seed = 42L;
    }

    long t0 = System.nanoTime();
    out.printf(
        Locale.ROOT, "Generating scale %s, seed %d into %s%n", scale, seed, dir.toAbsolutePath());
    GenerationReport report;
    try {
      report =
          DataGenerator.generate(
              scale,
              seed,
              dir,
              message ->
                  out.printf(
                      Locale.ROOT, "[%6.2f s] %s%n", (System.nanoTime() - t0) / 1e9, message));
    } catch (IOException | RuntimeException e) {
      err.println("datagen: generation failed: " + e);
      return FAILED;
    }
    out.println("Summary:");
    for (Map.Entry<String, Long> e : report.rows().entrySet()) {
      Path file = report.files().get(e.getKey());
      String size;
      try {
        size = String.format(Locale.ROOT, "%,.1f MB", Files.size(file) / 1e6);
      } catch (IOException ex) {
        size = "?";
      }
      out.printf(
          Locale.ROOT,
          "  %-18s %,12d rows  %12s  %s%n",
          e.getKey(),
          e.getValue(),
          size,
          file.getFileName());
    }
    out.printf(
        Locale.ROOT,
        "Planted cases: %d clues (ground truth) and %d decoys over %d districts%n",
        report.plantedClues(),
        report.plantedDecoys(),
        org.mingjian.platform.datagen.District.ALL.size());
    out.printf(Locale.ROOT, "Done in %.2f s%n", report.elapsed().toNanos() / 1e9);
    return OK;
  }

  private static final class ArgumentException extends Exception {
    private static final long serialVersionUID = 1L;

    ArgumentException(String message) {
      super(message);
    }
  }
}
