package org.mingjian.platform.datagen;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;
import org.mingjian.platform.datagen.internal.Generator;

/**
 * Writes the synthetic CSV files ({@code persons.csv}, {@code civil_judgments.csv}, {@code
 * fund_withdrawals.csv}, {@code ground_truth.csv}) into a directory.
 *
 * <p>Deterministic: the same scale and seed give byte-identical files, on any JVM. Existing files
 * of the same names are replaced; each file is written under a temporary name and moved into place
 * when complete. The work is spread over up to three threads.
 */
public final class DataGenerator {

  private DataGenerator() {}

  /**
   * Generates without progress reporting.
   *
   * @param scale how much
   * @param seed the seed
   * @param outDir the directory, created if missing
   * @return what was written
   * @throws IOException if writing fails
   */
  public static GenerationReport generate(Scale scale, long seed, Path outDir) throws IOException {
    return generate(scale, seed, outDir, message -> {});
  }

  /**
   * Generates, reporting progress as one-line messages (per dataset started and finished, and every
   * million rows). The callback may be called from several threads, but never concurrently.
   *
   * @param scale how much
   * @param seed the seed
   * @param outDir the directory, created if missing
   * @param progress receives progress messages
   * @return what was written
   * @throws IOException if writing fails
   */
  public static GenerationReport generate(
      Scale scale, long seed, Path outDir, Consumer<String> progress) throws IOException {
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(progress, "progress");
    return new Generator(scale, seed, outDir, progress).run();
  }
}
