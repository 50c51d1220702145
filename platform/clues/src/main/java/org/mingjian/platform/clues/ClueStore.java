package org.mingjian.platform.clues;

import java.util.List;
import java.util.Optional;
import org.mingjian.sdk.model.Clue;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Keeps clues, de-duplicated by fingerprint: model, district, subject and evidence keys. A clue
 * found again updates "last seen" and keeps its state.
 */
@ProviderType
public interface ClueStore {

  /**
   * Records the clues of one run in one transaction.
   *
   * @param modelId the model
   * @param modelVersion its version
   * @param runId the run
   * @param clues the clues, each with its district set
   * @return how many were new and how many were seen before
   */
  RecordResult record(String modelId, String modelVersion, String runId, List<Clue> clues);

  /**
   * @param filter which clues
   * @param page page number from 0
   * @param size page size
   * @return the page, newest first
   */
  Page<StoredClue> list(ClueFilter filter, int page, int size);

  /**
   * @param id a clue id
   * @return the clue, if it exists
   */
  Optional<StoredClue> get(String id);

  /** The clue states, in workflow order. */
  List<String> STATES = List.of("NEW", "ASSIGNED", "VERIFYING", "CONFIRMED", "DISMISSED");

  /** What a CONFIRMED clue may be disposed of as. */
  List<String> DISPOSITIONS =
      List.of(
          "PROCURATORIAL_RECOMMENDATION",
          "PROTEST",
          "RETRIAL_RECOMMENDATION",
          "REFERRAL",
          "CASE_FILED");

  /**
   * Moves a clue along the workflow NEW → ASSIGNED → VERIFYING → CONFIRMED | DISMISSED (also NEW →
   * VERIFYING and ASSIGNED → DISMISSED); CONFIRMED and DISMISSED are final. The step is kept in the
   * clue's history.
   *
   * @param clueId the clue
   * @param to the new state
   * @param note why, may be {@code null} (at most 4000 characters)
   * @param disposition required with CONFIRMED, one of {@link #DISPOSITIONS}; refused otherwise
   * @param assignee required with ASSIGNED: an existing ANALYST of the clue's district; refused
   *     otherwise
   * @param actor who does it
   * @return the clue after the step
   * @throws ClueWorkflowException NOT_FOUND for an unknown clue, CONFLICT for a step not allowed
   *     from the current state, INVALID for a wrong state, disposition, assignee or note
   */
  StoredClue transition(
      String clueId, String to, String note, String disposition, String assignee, String actor);

  /**
   * Moves several clues at once, all or nothing: when one step fails nothing changes.
   *
   * @param clueIds the clues, each at most once
   * @param to the new state
   * @param note why, may be {@code null}
   * @param disposition as for {@link #transition}
   * @param assignee as for {@link #transition}
   * @param actor who does it
   * @return the clues after the step, in the order asked for
   * @throws ClueWorkflowException as for {@link #transition}; a CONFLICT lists every clue that may
   *     not move
   */
  List<StoredClue> transitionAll(
      List<String> clueIds,
      String to,
      String note,
      String disposition,
      String assignee,
      String actor);

  /**
   * Adds a comment to a clue's history (joint analysis, 研判会商). Final clues may be commented on.
   *
   * @param clueId the clue
   * @param text 1..4000 characters
   * @param actor who writes it
   * @return the comment as kept
   * @throws ClueWorkflowException NOT_FOUND for an unknown clue, INVALID for an empty or too long
   *     text
   */
  ClueEvent comment(String clueId, String text, String actor);

  /**
   * @param clueId a clue
   * @return its history, oldest first; empty for an unknown clue
   */
  List<ClueEvent> events(String clueId);

  /**
   * @param modelId a model, or {@code null} for all
   * @param district a district, or {@code null} for all
   * @return per model and district: counts, conversion rate and median days to disposition, ordered
   *     by model then district
   */
  List<ClueMetrics> metrics(String modelId, String district);

  /**
   * Flags the clues of a model that only revoked versions found: a clue also found by a version
   * still in good standing keeps no flag.
   *
   * @param modelId the model
   * @param revokedVersions every revoked version of the model
   * @param flag the text of the flag
   * @return how many clues were flagged
   */
  int flagRevoked(String modelId, java.util.Set<String> revokedVersions, String flag);

  /**
   * Keeps what one run found, apart from the clue queue (used to compare shadow runs).
   *
   * @param runId the run
   * @param modelId the model
   * @param clues what it found
   */
  void recordRunSet(String runId, String modelId, List<Clue> clues);

  /**
   * @param runId a run recorded with {@link #recordRunSet}
   * @return fingerprint to {subject, title} of what it found, in fingerprint order
   */
  java.util.SortedMap<String, List<String>> runSet(String runId);
}
