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
 */
public record LoadOptions(
    String source,
    String loadedBy,
    String connector,
    Map<String, String> remembered,
    DoubleConsumer progress,
    BooleanSupplier cancelled) {

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
    return new LoadOptions(source, loadedBy, connector, remembered, p, cancelled);
  }
}
