package org.mingjian.platform.clues;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Confirmed clues grouped across districts by model and pattern (类案). The pattern is derived per
 * model from the clue's fields: the {@code reason} field the reference models emit (several reasons
 * joined by {@code |} become one pattern, in alphabetical order, joined by {@code +}); a model
 * whose clues carry no reason forms one group of its own.
 */
@ProviderType
public interface SimilarCases {

  /**
   * @param modelId a model, or {@code null} for all
   * @return the groups, those seen in most districts first, then the largest, then by key
   */
  List<SimilarCaseGroup> groups(String modelId);

  /**
   * @param key a group key
   * @return the group, if it has confirmed clues now
   */
  Optional<SimilarCaseGroup> group(String key);
}
