package org.mingjian.sdk.connector;

import java.util.List;
import java.util.Map;
import org.osgi.annotation.versioning.ConsumerType;

/**
 * A source of rows for the data pool, registered as an OSGi service. Implementations must be
 * thread-safe: several loads may open sources of the same connector, one after the other or at
 * once.
 */
@ConsumerType
public interface Connector {

  /**
   * @return the name stewards use to pick the connector, e.g. {@code csv-file} or {@code jdbc}: a
   *     lower-case identifier with dashes, unique among the installed connectors
   */
  String name();

  /**
   * @return the configuration fields one load accepts; the platform refuses a configuration with a
   *     missing required field, an unknown field or a value of the wrong type before calling {@link
   *     #open}
   */
  List<ConfigField> configSchema();

  /**
   * Opens a source for one load. The platform reads it to the end (or until it fails or the load is
   * cancelled) and always closes it.
   *
   * @param config the load's configuration, checked against {@link #configSchema()}: strings,
   *     {@link Long}s and {@link Boolean}s by field type, absent optional fields omitted
   * @param context the load's context: dataset, progress, cancellation, remembered state
   * @return the rows
   * @throws ConnectorException when the source cannot be opened; its message is shown to the
   *     steward, so it must not contain secrets
   */
  RowSource open(Map<String, Object> config, ConnectorContext context) throws ConnectorException;
}
