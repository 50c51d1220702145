package org.mingjian.platform.data;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BooleanSupplier;
import java.util.function.DoubleConsumer;

/**
 * How one load runs.
 *
 * @param source where the rows come from, for lineage
 * @param loadedBy who loads them, or {@code null}
 * @param connector the connector reading them, or {@code null} for an upload
 * @param remembered values the connector asked to remember (see {@link
 *     org.mingjian.sdk.connector.ConnectorContext#remember}); filled while the rows are read and
 *     stored with the new version, in the same transaction
 * @param progress receives the share read, 0.0 to 1.0
 * @param cancelled tells the loader to give up (checked between rows)
 * @param counts receives the rows read, loaded and rejected so far, every {@link #COUNT_EVERY} rows
 *     read and once at the end of the rows
 */
public record LoadOptions(
    String source,
    String loadedBy,
    String connector,
    Map<String, String> remembered,
    DoubleConsumer progress,
    BooleanSupplier cancelled,
    Counts counts,
    boolean force) {

  /** How often, in rows read, the loader reports its counts. */
  public static final int COUNT_EVERY = 1000;

  /** Receives a load's running row counts. */
  @FunctionalInterface
  public interface Counts {
    /**
     * @param read rows read so far
     * @param loaded rows that passed validation so far
     * @param rejected rows refused so far
     */
    void update(long read, long loaded, long rejected);
  }

  /**
   * Options that do not follow the row counts.
   *
   * @param source where the rows come from
   * @param loadedBy who loads them
   * @param connector the connector reading them, or {@code null}
   * @param remembered values the connector asked to remember
   * @param progress receives the share read
   * @param cancelled tells the loader to give up
   */
  public LoadOptions(
      String source,
      String loadedBy,
      String connector,
      Map<String, String> remembered,
      DoubleConsumer progress,
      BooleanSupplier cancelled) {
    this(source, loadedBy, connector, remembered, progress, cancelled, (r, l, j) -> {}, false);
  }

  /**
   * @param source where the rows come from
   * @param loadedBy who loads them
   * @return options without connector, progress or cancellation
   */
  public static LoadOptions of(String source, String loadedBy) {
    return new LoadOptions(source, loadedBy, null, new ConcurrentHashMap<>(), p -> {}, () -> false);
  }

  /**
   * @param p receives progress
   * @return these options reporting progress to {@code p}
   */
  public LoadOptions withProgress(DoubleConsumer p) {
    return new LoadOptions(source, loadedBy, connector, remembered, p, cancelled, counts, force);
  }

  /**
   * @param c receives the running row counts
   * @return these options reporting row counts to {@code c}
   */
  public LoadOptions withCounts(Counts c) {
    return new LoadOptions(source, loadedBy, connector, remembered, progress, cancelled, c, force);
  }

  /**
   * @param f whether identical rows still make a new version
   * @return these options with that choice
   */
  public LoadOptions withForce(boolean f) {
    return new LoadOptions(source, loadedBy, connector, remembered, progress, cancelled, counts, f);
  }
}
