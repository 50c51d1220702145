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
}
