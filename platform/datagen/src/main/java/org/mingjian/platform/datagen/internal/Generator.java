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
  private static final int STREAM_ENTERPRISES = 10;
  private static final int STREAM_BARRED = 11;
  private static final int STREAM_FUEL = 12;
  private static final int STREAM_CERTIFICATES = 13;
  private static final int STREAM_ALLOWANCES = 14;
  private static final int STREAM_PENSIONS = 15;
  private static final int STREAM_WRITE = 20;

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

      // The other five reference models: plant first (reserving persons), then the background,
      // which never uses a reserved person.
      int sets = scale.plantedSetsPerDistrict();
      World world = new World(persons, planter.reserved);
      Enterprises firms = new Enterprises(world, Rng.stream(seed, STREAM_ENTERPRISES));
      Convictions convictions =
          new Convictions(world, firms, sets, Rng.stream(seed, STREAM_BARRED));
      FuelTax fuel = new FuelTax(world, firms, sets, Rng.stream(seed, STREAM_FUEL));
      Certificates certificates =
          new Certificates(world, sets, Rng.stream(seed, STREAM_CERTIFICATES));
      Allowances allowances = new Allowances(world, sets, Rng.stream(seed, STREAM_ALLOWANCES));
      Pensions pensions = new Pensions(world, sets, Rng.stream(seed, STREAM_PENSIONS));
      progress.accept("reference models: drawing background rows");
      convictions.background(scale.convictions());
      firms.background(scale.enterprises(), Rng.stream(seed, STREAM_ENTERPRISES + 100));
      certificates.background(scale.sitePersonnel());
      allowances.background(scale.deathRecords(), scale.allowancePayments());
      pensions.background(scale.prisonRoster(), scale.pensionPayments());

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
      Future<Long> enterprisesDone =
          pool.submit(
              () ->
                  write(
                      file(DemoDatasets.ENTERPRISES),
                      w -> firms.write(w, Rng.stream(seed, STREAM_WRITE))));
      Future<Long> convictionsDone =
          pool.submit(
              () ->
                  write(
                      file(DemoDatasets.CONVICTIONS),
                      w -> convictions.write(w, Rng.stream(seed, STREAM_WRITE + 1))));
      Future<long[]> fuelDone =
          pool.submit(
              () -> {
                Rng r = Rng.stream(seed, STREAM_WRITE + 2);
                long a =
                    write(
                        file(DemoDatasets.FUEL_INVOICES),
                        w -> fuel.writeInvoices(w, scale.fuelInvoices(), r));
                long b =
                    write(
                        file(DemoDatasets.WASTE_OIL_DECLARATIONS),
                        w -> fuel.writeDeclarations(w, r));
                return new long[] {a, b};
              });
      Future<long[]> certificatesDone =
          pool.submit(
              () -> {
                Rng r = Rng.stream(seed, STREAM_WRITE + 3);
                long a =
                    write(
                        file(DemoDatasets.SITE_PERSONNEL),
                        w -> certificates.writeSites(w, firms, r));
                long b =
                    write(file(DemoDatasets.OPERATION_CERTIFICATES), certificates::writeRegistry);
                return new long[] {a, b};
              });
      Future<long[]> allowancesDone =
          pool.submit(
              () -> {
                Rng r = Rng.stream(seed, STREAM_WRITE + 4);
                long a =
                    write(
                        file(DemoDatasets.ALLOWANCE_PAYMENTS), w -> allowances.writePayments(w, r));
                long b = write(file(DemoDatasets.DEATH_RECORDS), w -> allowances.writeDeaths(w, r));
                return new long[] {a, b};
              });
      Future<long[]> pensionsDone =
          pool.submit(
              () -> {
                Rng r = Rng.stream(seed, STREAM_WRITE + 5);
                long a =
                    write(file(DemoDatasets.PENSION_PAYMENTS), w -> pensions.writePayments(w, r));
                long b = write(file(DemoDatasets.PRISON_ROSTER), w -> pensions.writeRoster(w, r));
                return new long[] {a, b};
              });

      Map<String, Long> rows = new LinkedHashMap<>();
      rows.put(DemoDatasets.PERSONS, get(personsDone));
      rows.put(DemoDatasets.CIVIL_JUDGMENTS, get(judgmentsDone));
      rows.put(DemoDatasets.FUND_WITHDRAWALS, get(withdrawalsDone));
      rows.put(DemoDatasets.ENTERPRISES, get(enterprisesDone));
      long[] pair = get(fuelDone);
      rows.put(DemoDatasets.FUEL_INVOICES, pair[0]);
      rows.put(DemoDatasets.WASTE_OIL_DECLARATIONS, pair[1]);
      pair = get(certificatesDone);
      rows.put(DemoDatasets.SITE_PERSONNEL, pair[0]);
      rows.put(DemoDatasets.OPERATION_CERTIFICATES, pair[1]);
      pair = get(allowancesDone);
      rows.put(DemoDatasets.ALLOWANCE_PAYMENTS, pair[0]);
      rows.put(DemoDatasets.DEATH_RECORDS, pair[1]);
      pair = get(pensionsDone);
      rows.put(DemoDatasets.PENSION_PAYMENTS, pair[0]);
      rows.put(DemoDatasets.PRISON_ROSTER, pair[1]);
      rows.put(DemoDatasets.CONVICTIONS, get(convictionsDone));

      // planted row keys are known once the files are written
      List<World.Planted> others =
          List.of(
              new World.Planted(FuelTax.MODEL, fuel.truth, fuel.decoys),
              new World.Planted(Certificates.MODEL, certificates.truth, certificates.decoys),
              new World.Planted(Allowances.MODEL, allowances.truth, allowances.decoys),
              new World.Planted(Pensions.MODEL, pensions.truth, pensions.decoys),
              new World.Planted(Convictions.MODEL, convictions.truth, convictions.decoys));
      int clues = planter.clues;
      int decoys = planter.decoys;
      for (World.Planted x : others) {
        clues += x.clues().size();
        decoys += x.decoys();
        progress.accept(
            x.modelId() + ": " + x.clues().size() + " planted clues, " + x.decoys() + " decoys");
      }
      rows.put(
          GenerationReport.GROUND_TRUTH,
          write(truthFile, w -> writeGroundTruth(w, planter, judgments, persons, others)));

      Map<String, Path> files = new LinkedHashMap<>();
      for (String name : rows.keySet()) {
        files.put(
            name,
            outDir.resolve(name.equals(GenerationReport.GROUND_TRUTH) ? truthFile : file(name)));
      }
      return new GenerationReport(
          scale,
          seed,
          outDir,
          rows,
          files,
          clues,
          decoys,
          Duration.ofNanos(System.nanoTime() - t0));
    } finally {
      pool.shutdownNow();
    }
  }

  private static String file(String dataset) {
    return DemoDatasets.schema(dataset).fileName();
  }

  /**
   * Writes the clue rows of every model, sorted by district code, then key (as plain strings), then
   * model id.
   */
  private static void writeGroundTruth(
      CsvWriter w,
      Planter planter,
      Judgments judgments,
      Persons persons,
      List<World.Planted> others)
      throws IOException {
    record Row(String model, String district, String subject, String key, String reason) {}
    List<Row> rows = new ArrayList<>();
    List<PlantedCase> cases = planter.cases;
    for (int i = 0; i < cases.size(); i++) {
      PlantedCase c = cases.get(i);
      if (c.isClue()) {
        int j = judgments.plantedRow[i];
        rows.add(
            new Row(
                DemoDatasets.PLANTED_MODEL_ID,
                District.ALL.get(c.district()).code(),
                persons.id(c.defendant()),
                judgments.caseNo(j),
                c.reasons()));
      }
    }
    for (World.Planted x : others) {
      for (World.Truth t : x.clues()) {
        rows.add(new Row(t.modelId(), t.district(), t.subject(), t.key(), t.reason()));
      }
    }
    rows.sort(
        Comparator.comparing(Row::district).thenComparing(Row::key).thenComparing(Row::model));
    w.header(DemoDatasets.GROUND_TRUTH_COLUMNS);
    for (Row r : rows) {
      w.text(r.model());
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

  private static <T> T get(Future<T> f) throws IOException {
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
