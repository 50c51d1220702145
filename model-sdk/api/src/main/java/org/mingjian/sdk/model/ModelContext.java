package org.mingjian.sdk.model;

import java.util.List;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Everything a model may use during one run. Provided by the platform (or the test kit); a model
 * never implements it.
 */
@ProviderType
public interface ModelContext {

  /**
   * @return the id of the model being run
   */
  String modelId();

  /**
   * @return the 6-digit code of the district the run is for; clues belong to this district
   */
  String district();

  /**
   * @return the run's parameters, already validated against the descriptor's bounds and with
   *     defaults filled in
   */
  Parameters parameters();

  /**
   * Runs a read-only query over the datasets the descriptor declares, by their logical names, and
   * streams the rows to the handler. The datasets are already restricted to the run's district
   * (city-wide datasets are whole) and to the declared columns.
   *
   * @param sql one SELECT (or WITH ... SELECT) statement; {@code ?} placeholders are bound in order
   * @param args the values bound to the placeholders
   * @param handler receives each row; returning {@code false} stops reading
   * @throws ModelException when the statement is not a read of declared datasets or fails
   */
  void query(String sql, List<?> args, RowHandler handler);

  /**
   * Runs a read-only query and returns all rows. Prefer {@link #query(String, List, RowHandler)}
   * for large results.
   *
   * @param sql one SELECT statement over declared datasets
   * @param args the values bound to the {@code ?} placeholders, in order
   * @return the rows, in the order the query returns them
   * @throws ModelException when the statement is not a read of declared datasets or fails
   */
  List<Row> queryForList(String sql, Object... args);

  /**
   * Reports one clue. Clues with the same subject and evidence are the same clue: emitting it
   * again, in this run or a later one, does not create a duplicate.
   *
   * @param clue the clue; its district, when set, must be the run's district
   * @throws ModelException when the clue is invalid or the run's clue limit is reached
   */
  void emit(Clue clue);

  /**
   * Reports how far the run has got.
   *
   * @param fraction between 0 and 1; values outside are clamped
   */
  void progress(double fraction);

  /**
   * @return {@code true} once the run was cancelled or has timed out; the model should stop
   */
  boolean isCancelled();

  /**
   * @return the run's log, kept with the run
   */
  RunLog log();
}
