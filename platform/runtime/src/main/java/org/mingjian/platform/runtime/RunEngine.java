package org.mingjian.platform.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Runs models asynchronously, one district at a time, and keeps their history. */
@ProviderType
public interface RunEngine {

  /**
   * Queues a run.
   *
   * @param modelId the model
   * @param district the district to run for
   * @param parameters parameters as the caller sent them
   * @param requestedBy the user asking
   * @return the queued run
   * @throws RunRejectedException when the model is unknown, not enabled there, or the parameters
   *     are wrong; nothing is queued
   */
  RunRecord submit(String modelId, String district, Map<String, ?> parameters, String requestedBy)
      throws RunRejectedException;

  /**
   * Queues a new run with the inputs of an earlier one: the same model version, parameters and
   * dataset versions. The new run's {@link RunRecord#rerunOf()} names the original.
   *
   * @param id the original run
   * @param requestedBy the user asking
   * @return the queued run
   * @throws RunRejectedException {@code NOT_REPRODUCIBLE} when the original's bundle version or one
   *     of its dataset versions is gone (the message says which), {@code QUARANTINED} when the
   *     model is quarantined, {@code UNKNOWN_MODEL} when there is no such run
   */
  RunRecord rerun(String id, String requestedBy) throws RunRejectedException;

  /**
   * @param id a run id
   * @return the run, if it exists
   */
  Optional<RunRecord> get(String id);

  /**
   * @param modelId a model, or {@code null} for all
   * @param district a district, or {@code null} for all
   * @param state a state, or {@code null} for all
   * @param offset how many of the newest runs to skip
   * @param limit the most runs to return, newest first
   * @return the runs
   */
  List<RunRecord> list(String modelId, String district, RunState state, int offset, int limit);

  /**
   * @param modelId a model, or {@code null} for all
   * @param district a district, or {@code null} for all
   * @param state a state, or {@code null} for all
   * @return how many runs match
   */
  long count(String modelId, String district, RunState state);

  /**
   * Asks a run to stop. Its statement is cancelled in the engine.
   *
   * @param id a run id
   * @return whether the run was queued or running
   */
  boolean cancel(String id);

  /**
   * Runs a model that is not installed, synchronously, on the data pool: nothing is recorded but
   * the audit entry of the data read. Used by reviewers to try a candidate.
   *
   * @param descriptor the candidate's descriptor
   * @param sql its SQL, for a SQL-only model
   * @param model its implementation, for a Java model
   * @param district the district to run for
   * @param parameters parameters as the caller sent them
   * @param requestedBy the user asking
   * @return what it found
   * @throws RunRejectedException when the parameters are wrong
   */
  DryRunResult dryRun(
      org.mingjian.sdk.descriptor.ModelDescriptor descriptor,
      String sql,
      org.mingjian.sdk.model.Model model,
      String district,
      Map<String, ?> parameters,
      String requestedBy)
      throws RunRejectedException;

  /**
   * @param modelId a model
   * @param district a district
   * @return the newest successful shadow run there, if any
   */
  Optional<RunRecord> latestShadowRun(String modelId, String district);
}
