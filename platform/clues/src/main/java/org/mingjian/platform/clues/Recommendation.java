package org.mingjian.platform.clues;

import java.time.Instant;
import java.util.List;

/**
 * A governance recommendation (检察建议书) drafted from a group of similar cases, as kept.
 *
 * @param id the recommendation id
 * @param key the similar-case group it was drafted from
 * @param modelId the group's model
 * @param pattern the group's pattern
 * @param title the title
 * @param markdown the document, Markdown
 * @param createdAt when it was drafted
 * @param createdBy who drafted it
 * @param edits every edit after the draft, oldest first
 */
public record Recommendation(
    String id,
    String key,
    String modelId,
    String pattern,
    String title,
    String markdown,
    Instant createdAt,
    String createdBy,
    List<Edit> edits) {

  /** Copies the edits. */
  public Recommendation {
    edits = List.copyOf(edits);
  }

  /**
   * One edit of the document.
   *
   * @param revision 2 for the first edit (the draft is revision 1)
   * @param at when
   * @param by who
   */
  public record Edit(int revision, Instant at, String by) {}
}
