package org.mingjian.platform.clues;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mingjian.sdk.model.Evidence;

/**
 * A clue as kept by the platform, unmasked. The REST layer masks personal data before it leaves.
 *
 * @param id the clue id
 * @param fingerprint what makes two findings the same clue
 * @param modelId the model that found it
 * @param modelVersion the version that last found it
 * @param district the district it belongs to
 * @param subject who or what it is about
 * @param title the one-line summary
 * @param score 0..1
 * @param state NEW, ASSIGNED, VERIFYING, CONFIRMED or DISMISSED
 * @param evidence the supporting rows
 * @param fields the model's clue fields
 * @param firstRunId the run that found it first
 * @param lastRunId the run that found it last
 * @param firstSeen when it was found first
 * @param lastSeen when it was found last
 * @param seenCount how many runs found it
 * @param assignee the analyst it is assigned to, or {@code null}
 * @param disposition how a CONFIRMED clue was disposed of, or {@code null}
 * @param stateChangedAt when its state last changed, or {@code null} while it is NEW
 * @param flag why the clue is under doubt (for example: only a revoked model version found it), or
 *     {@code null}
 */
public record StoredClue(
    String id,
    String fingerprint,
    String modelId,
    String modelVersion,
    String district,
    String subject,
    String title,
    double score,
    String state,
    List<Evidence> evidence,
    Map<String, Object> fields,
    String firstRunId,
    String lastRunId,
    Instant firstSeen,
    Instant lastSeen,
    int seenCount,
    String assignee,
    String disposition,
    Instant stateChangedAt,
    String flag) {

  /** The final states: no transition leaves them. */
  public static final Set<String> FINAL_STATES = Set.of("CONFIRMED", "DISMISSED");

  /**
   * @return whether the clue is CONFIRMED or DISMISSED
   */
  public boolean isFinal() {
    return FINAL_STATES.contains(state);
  }

  /**
   * @return whole days the clue has been open: from first seen to now while open, to the final
   *     state change once CONFIRMED or DISMISSED
   */
  public long ageDays() {
    return ageDays(Instant.now());
  }

  /**
   * @param now the current time
   * @return whole days the clue has been (or was) open at {@code now}
   */
  public long ageDays(Instant now) {
    Instant end = isFinal() && stateChangedAt != null ? stateChangedAt : now;
    return Math.max(0, Duration.between(firstSeen, end).toDays());
  }
}
