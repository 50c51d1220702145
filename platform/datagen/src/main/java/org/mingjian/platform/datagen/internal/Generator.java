package org.mingjian.platform.datagen.internal;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.mingjian.platform.datagen.DemoDatasets;
import org.mingjian.platform.datagen.District;
import org.mingjian.platform.datagen.GenerationReport;
import org.mingjian.platform.datagen.Scale;

/**
 * One generation run. Persons, planted cases and judgments are drawn in memory, one after the
 * other; then the four files are written concurrently. Every dataset has its own {@link Rng} stream
 * derived from the seed, so the output never depends on thread timing.
 */
public final class Generator {

  private static final int STREAM_PERSONS = 1;
  private static final int STREAM_JUDGMENTS = 2;
  private static final int STREAM_WITHDRAWALS = 3;
  private static final int STREAM_PLANTING = 4;

  private final Scale scale;
  private final long seed;
  private final Path outDir;
  private final Consumer<String> progress;

  /**
   * @param scale how much
   * @param seed the seed
   * @param outDir where to write
   * @param progress receives progress messages (calls are serialised here)
   */
  public Generator(Scale scale, long seed, Path outDir, Consumer<String> progress) {
    this.scale = scale;
    this.seed = seed;
    this.outDir = outDir;
    Object lock = new Object();
    this.progress =
        message -> {
          synchronized (lock) {
            progress.accept(message);
          }
        };
  }

  /**
   * Runs the generation.
   *
   * @return the report
   * @throws IOException if a file cannot be written
   */
  public GenerationReport run() throws IOException {
    long t0 = System.nanoTime();
    Files.createDirectories(outDir);
    String personsFile = DemoDatasets.persons().fileName();
    String judgmentsFile = DemoDatasets.civilJudgments().fileName();
    String withdrawalsFile = DemoDatasets.fundWithdrawals().fileName();
    String truthFile = DemoDatasets.GROUND_TRUTH_FILE;

    int threads = Math.max(1, Math.min(3, Runtime.getRuntime().availableProcessors()));
    AtomicInteger threadNo = new AtomicInteger();
    ExecutorService pool =
        Executors.newFixedThreadPool(
            threads,
            r -> {
              Thread t = new Thread(r, "mingjian-datagen-" + threadNo.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
    try {
      progress.accept(personsFile + ": drawing " + fmt(scale.persons()) + " persons");
      Persons persons = Persons.build(scale.persons(), Rng.stream(seed, STREAM_PERSONS));
      Future<Long> personsDone = pool.submit(() -> write(personsFile, w -> persons.write(w)));

      Planter planter =
          new Planter(persons, scale.plantedSetsPerDistrict(), Rng.stream(seed, STREAM_PLANTING));
      progress.accept(
          judgmentsFile
              + ": drawing "
              + fmt(scale.civilJudgments())
              + " judgments ("
              + planter.clues
              + " planted clues, "
              + planter.decoys
              + " decoys)");
      Judgments judgments =
          Judgments.build(
              scale.civilJudgments(), persons, planter, Rng.stream(seed, STREAM_JUDGMENTS));

      Future<Long> withdrawalsDone =
          pool.submit(
              () ->
                  write(
                      withdrawalsFile,
                      w ->
                          Withdrawals.write(
                              w,
                              scale.fundWithdrawals(),
                              persons,
                              judgments,
                              Rng.stream(seed, STREAM_WITHDRAWALS),
                              withdrawalsFile,
                              progress)));
      Future<Long> judgmentsDone =
          pool.submit(() -> write(judgmentsFile, w -> judgments.write(w, persons)));
      Future<Long> truthDone =
          pool.submit(
              () -> write(truthFile, w -> writeGroundTruth(w, planter, judgments, persons)));

      Map<String, Long> rows = new LinkedHashMap<>();
      rows.put(DemoDatasets.PERSONS, get(personsDone));
      rows.put(DemoDatasets.CIVIL_JUDGMENTS, get(judgmentsDone));
      rows.put(DemoDatasets.FUND_WITHDRAWALS, get(withdrawalsDone));
      rows.put(GenerationReport.GROUND_TRUTH, get(truthDone));
      Map<String, Path> files = new LinkedHashMap<>();
      files.put(DemoDatasets.PERSONS, outDir.resolve(personsFile));
      files.put(DemoDatasets.CIVIL_JUDGMENTS, outDir.resolve(judgmentsFile));
      files.put(DemoDatasets.FUND_WITHDRAWALS, outDir.resolve(withdrawalsFile));
      files.put(GenerationReport.GROUND_TRUTH, outDir.resolve(truthFile));
      return new GenerationReport(
          scale,
          seed,
          outDir,
          rows,
          files,
          planter.clues,
          planter.decoys,
          Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Writes the clue rows sorted by district code, then case number. */
  private static void writeGroundTruth(
      CsvWriter w, Planter planter, Judgments judgments, Persons persons) throws IOException {
    record Row(String district, String subject, String key, String reason) {}
    List<Row> rows = new ArrayList<>();
    List<PlantedCase> cases = planter.cases;
    for (int i = 0; i < cases.size(); i++) {
      PlantedCase c = cases.get(i);
      if (c.isClue()) {
        int j = judgments.plantedRow[i];
        rows.add(
            new Row(
                District.ALL.get(c.district()).code(),
                persons.id(c.defendant()),
                judgments.caseNo(j),
                c.reasons()));
      }
    }
    rows.sort(Comparator.comparing(Row::district).thenComparing(Row::key));
    w.header(DemoDatasets.GROUND_TRUTH_COLUMNS);
    for (Row r : rows) {
      w.text(DemoDatasets.PLANTED_MODEL_ID);
      w.text(r.district());
      w.text(r.subject());
      w.text(r.key());
      w.text(r.reason());
      w.endRow();
    }
  }

  private interface Body {
    void write(CsvWriter w) throws IOException;
  }

  /** Writes one file under a temporary name, moves it into place, returns its data rows. */
  private long write(String fileName, Body body) throws IOException {
    long t0 = System.nanoTime();
    Path target = outDir.resolve(fileName);
    Path tmp = outDir.resolve(fileName + ".tmp");
    long rows;
    long bytes;
    try (OutputStream out = Files.newOutputStream(tmp);
        CsvWriter w = new CsvWriter(out)) {
      body.write(w);
      rows = w.rows();
      bytes = w.bytes();
    } catch (IOException | RuntimeException e) {
      Files.deleteIfExists(tmp);
      throw e;
    }
    try {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (AtomicMoveNotSupportedException e) {
      Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
    }
    progress.accept(
        String.format(
            Locale.ROOT,
            "%s: %,d rows, %.1f MB in %.2f s",
            fileName,
            rows,
            bytes / 1e6,
            (System.nanoTime() - t0) / 1e9));
    return rows;
  }

  private static long get(Future<Long> f) throws IOException {
    try {
      return f.get();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted", e);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof IOException io) {
        throw io;
      }
      if (cause instanceof UncheckedIOException u) {
        throw u.getCause();
      }
      if (cause instanceof RuntimeException r) {
        throw r;
      }
      if (cause instanceof Error err) {
        throw err;
      }
      throw new IllegalStateException(cause);
    }
  }

  private static String fmt(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }
}
