package org.mingjian.platform.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Scheduled runs: one schedule per model and district, fired by the platform's scheduler as the
 * user {@value #USER}. A firing for a model that is not enabled in the district (or otherwise
 * refused) is recorded as skipped, with the reason, and the schedule stays.
 */
@ProviderType
public interface Schedules {
  /** The user scheduled runs are requested by. */
  String USER = "scheduler";

  /**
   * Creates or replaces a schedule.
   *
   * @param modelId the model
   * @param district the district
   * @param cron a Quartz cron expression
   * @param parameters parameters for every run
   * @param actor who sets it
   * @return the schedule
   * @throws RunRejectedException {@code INVALID_SCHEDULE} for a bad cron expression, {@code
   *     INVALID_PARAMETERS} when the parameters do not fit the model's descriptor
   */
  Schedule put(
      String modelId, String district, String cron, Map<String, Object> parameters, String actor)
      throws RunRejectedException;

  /**
   * @param modelId the model
   * @param district the district
   * @return the schedule, if there is one
   */
  Optional<Schedule> get(String modelId, String district);

  /**
   * @param district a district, or {@code null} for all
   * @return the schedules, by model then district
   */
  List<Schedule> list(String district);

  /**
   * @param modelId the model
   * @param district the district
   * @return whether there was such a schedule
   */
  boolean delete(String modelId, String district);
}
