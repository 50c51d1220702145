package org.mingjian.sdk.testkit;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.mingjian.sdk.model.Clue;

/**
 * The outcome of one test-kit run: the clues emitted (also those before a failure), the run's log
 * and the failure, if the run failed.
 *
 * @param clues the clues, in emission order
 * @param log the log lines, {@code LEVEL message}
 * @param failure why the run failed, or {@code null}
 */
public record TestRun(List<Clue> clues, List<String> log, Throwable failure) {

  /** Copies the lists. */
  public TestRun {
    clues = List.copyOf(clues);
    log = List.copyOf(log);
  }

  /**
   * @return the clues of a run that completed
   * @throws AssertionError when the run failed (see {@link #partialClues()})
   */
  @Override
  public List<Clue> clues() {
    return assertSucceeded();
  }

  /**
   * @return the clues emitted before the run failed, or all clues of a run that completed
   */
  public List<Clue> partialClues() {
    return clues;
  }

  /**
   * @return whether the run completed
   */
  public boolean succeeded() {
    return failure == null;
  }

  /**
   * @return the clues, failing with the run's error if it failed
   * @throws AssertionError when the run failed
   */
  public List<Clue> assertSucceeded() {
    if (failure != null) {
      throw new AssertionError("the run failed: " + failure.getMessage(), failure);
    }
    return clues;
  }

  /**
   * @return the distinct clue subjects, sorted
   */
  public Set<String> subjects() {
    return assertSucceeded().stream()
        .map(Clue::subject)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  /**
   * @param dataset a logical dataset
   * @return the row keys of that dataset's evidence over all clues, sorted
   */
  public Set<String> evidenceKeys(String dataset) {
    return assertSucceeded().stream()
        .flatMap(c -> c.evidence().stream())
        .filter(e -> e.dataset().equals(dataset))
        .map(e -> e.rowKey())
        .collect(Collectors.toCollection(TreeSet::new));
  }
}
