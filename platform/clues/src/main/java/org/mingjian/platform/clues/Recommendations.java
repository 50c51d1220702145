package org.mingjian.platform.clues;

import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** Keeps governance recommendations and every version of their text. */
@ProviderType
public interface Recommendations {

  /** The longest document kept, in characters. */
  int MAX_MARKDOWN = 200_000;

  /**
   * Keeps a new draft.
   *
   * @param key the similar-case group
   * @param modelId the group's model
   * @param pattern the group's pattern
   * @param title the title (at most 500 characters)
   * @param markdown the document (at most {@link #MAX_MARKDOWN} characters)
   * @param actor who drafted it
   * @return the recommendation as kept
   */
  Recommendation create(
      String key, String modelId, String pattern, String title, String markdown, String actor);

  /**
   * @param id a recommendation id
   * @return the recommendation, if it exists
   */
  Optional<Recommendation> get(String id);

  /**
   * Replaces the document's text; the previous text is kept as an earlier revision.
   *
   * @param id a recommendation id
   * @param markdown the new text (at most {@link #MAX_MARKDOWN} characters)
   * @param actor who edits it
   * @return the recommendation after the edit, empty when it does not exist
   */
  Optional<Recommendation> update(String id, String markdown, String actor);
}
