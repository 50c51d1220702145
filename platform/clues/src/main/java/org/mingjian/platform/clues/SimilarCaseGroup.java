package org.mingjian.platform.clues;

import java.time.Instant;
import java.util.List;
import java.util.SortedMap;

/**
 * Confirmed clues of one model that share a pattern, across districts (类案).
 *
 * @param key stable, URL-safe identity of the group: the model id, then the pattern
 * @param modelId the model
 * @param pattern the pattern the model's clues share (for example {@code REPEAT_AGENT}), or the
 *     empty string when the model's clues carry none
 * @param byDistrict confirmed clues per district code
 * @param total all confirmed clues of the group
 * @param dispositions confirmed clues per disposition
 * @param firstConfirmed when the first clue of the group was confirmed
 * @param lastConfirmed when the last clue of the group was confirmed
 * @param examples up to five clues of the group, unmasked, drawn from as many districts as possible
 */
public record SimilarCaseGroup(
    String key,
    String modelId,
    String pattern,
    SortedMap<String, Long> byDistrict,
    long total,
    SortedMap<String, Long> dispositions,
    Instant firstConfirmed,
    Instant lastConfirmed,
    List<StoredClue> examples) {

  /** Copies the examples. */
  public SimilarCaseGroup {
    examples = List.copyOf(examples);
  }

  /**
   * @return in how many districts the pattern was confirmed
   */
  public int districts() {
    return byDistrict.size();
  }
}
