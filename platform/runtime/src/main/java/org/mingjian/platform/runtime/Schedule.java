package org.mingjian.platform.runtime;

import java.time.Instant;
import java.util.Map;

/**
 * A model run repeated on a Quartz cron expression for one district.
 *
 * @param modelId the model
 * @param district the district it runs for
 * @param cron a Quartz cron expression (seconds minutes hours day-of-month month day-of-week
 *     [year])
 * @param parameters parameters for every run, as given
 * @param updatedBy who set it
 * @param updatedAt when
 * @param lastFiring when it last fired, or {@code null}
 * @param lastRunId the run its last firing queued, or {@code null} when the firing was skipped
 * @param lastError why the last firing was skipped, or {@code null}
 */
public record Schedule(
    String modelId,
    String district,
    String cron,
    Map<String, Object> parameters,
    String updatedBy,
    Instant updatedAt,
    Instant lastFiring,
    String lastRunId,
    String lastError) {

  /** Normalises absent parameters to none. */
  public Schedule {
    parameters = parameters == null ? Map.of() : parameters;
  }
}
