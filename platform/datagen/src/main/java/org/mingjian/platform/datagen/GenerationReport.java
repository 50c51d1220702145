package org.mingjian.platform.datagen;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What one {@link DataGenerator} run wrote.
 *
 * @param scale the scale generated
 * @param seed the seed used
 * @param outDir the directory written to
 * @param rows data rows (header excluded) per dataset name: {@code persons}, {@code
 *     civil_judgments}, {@code fund_withdrawals}, {@code ground_truth}, in that order
 * @param files the file written per dataset name, same keys and order as {@code rows}
 * @param plantedClues the planted clues, i.e. the rows of {@code ground_truth.csv}
 * @param plantedDecoys the planted judgments that look like clues but must not be reported
 * @param elapsed wall-clock time of the run
 */
public record GenerationReport(
    Scale scale,
    long seed,
    Path outDir,
    Map<String, Long> rows,
    Map<String, Path> files,
    int plantedClues,
    int plantedDecoys,
    Duration elapsed) {

  /** Key of the ground truth in {@link #rows()} and {@link #files()}. */
  public static final String GROUND_TRUTH = "ground_truth";

  /** Copies the maps, keeping their order. */
  public GenerationReport {
    Objects.requireNonNull(scale, "scale");
    Objects.requireNonNull(outDir, "outDir");
    Objects.requireNonNull(elapsed, "elapsed");
    rows = Collections.unmodifiableMap(new LinkedHashMap<>(rows));
    files = Collections.unmodifiableMap(new LinkedHashMap<>(files));
  }

  /**
   * @param dataset a dataset name
   * @return its row count, 0 if it was not written
   */
  public long rowsOf(String dataset) {
    return rows.getOrDefault(dataset, 0L);
  }

  /**
   * @return the total of all data rows written
   */
  public long totalRows() {
    long total = 0;
    for (long r : rows.values()) {
      total += r;
    }
    return total;
  }
}
