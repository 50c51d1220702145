package org.mingjian.platform.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * A run and what it produced.
 *
 * @param id run id
 * @param modelId the model
 * @param modelVersion its version
 * @param district the district it ran for
 * @param state its state
 * @param progress 0..1
 * @param requestedBy who asked for it
 * @param requestedAt when
 * @param startedAt when it started executing, or {@code null}
 * @param finishedAt when it ended, or {@code null}
 * @param parameters the bound parameters
 * @param datasetVersions the dataset versions it read
 * @param bundleSha256 SHA-256 of the model bundle
 * @param cluesNew clues found for the first time
 * @param cluesUpdated clues found again
 * @param error why it failed, or {@code null}
 * @param shadowOf for a shadow run, the id of the run it shadows; else {@code null}
 * @param rerunOf for a re-run, the id of the run whose inputs it repeats; else {@code null}
 */
public record RunRecord(
    String id,
    String modelId,
    String modelVersion,
    String district,
    RunState state,
    double progress,
    String requestedBy,
    Instant requestedAt,
    Instant startedAt,
    Instant finishedAt,
    Map<String, Object> parameters,
    Map<String, Integer> datasetVersions,
    String bundleSha256,
    int cluesNew,
    int cluesUpdated,
    String error,
    String shadowOf,
    String rerunOf) {

  /**
   * @return milliseconds from start to end (or to now while running), or 0 before the start
   */
  public long durationMs() {
    if (startedAt == null) {
      return 0;
    }
    Instant end = finishedAt != null ? finishedAt : Instant.now();
    return end.toEpochMilli() - startedAt.toEpochMilli();
  }
}
