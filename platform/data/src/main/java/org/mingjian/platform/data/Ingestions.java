package org.mingjian.platform.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mingjian.sdk.connector.Connector;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Asynchronous loads: an upload is spooled to a file under the Mingjian home, or a connector is
 * named with its configuration; either is queued, loaded by a small executor, and its outcome
 * recorded in the audit trail and the state store.
 */
@ProviderType
public interface Ingestions {

  /**
   * Spools the body to a temporary file and queues its load.
   *
   * @param dataset a registered dataset
   * @param csv the CSV body with a header line; read to the end before this returns
   * @param encoding the body's encoding (see {@link #encoding(String)})
   * @param actor who uploads it, for the audit trail
   * @param district the actor's district
   * @return the queued ingestion
   * @throws IllegalArgumentException when the dataset is unknown
   * @throws IOException when the body cannot be read or spooled
   */
  default Ingestion submit(
      String dataset, InputStream csv, Charset encoding, String actor, String district)
      throws IOException {
    return submit(dataset, csv, encoding, actor, district, false);
  }

  /**
   * Spools a CSV body and queues its load, as {@link #submit(String, InputStream, Charset, String,
   * String)}.
   *
   * @param dataset a registered dataset
   * @param csv the file's bytes
   * @param encoding how the file is encoded
   * @param actor who loads it, for the audit trail
   * @param district the actor's district
   * @param force create a new version even when the file is identical to the current version's
   * @return the queued ingestion
   * @throws IllegalArgumentException when the dataset is unknown
   * @throws IOException when the body cannot be read or spooled
   */
  Ingestion submit(
      String dataset,
      InputStream csv,
      Charset encoding,
      String actor,
      String district,
      boolean force)
      throws IOException;

  /**
   * Checks a connector configuration against the connector's schema and queues the load.
   *
   * @param dataset a registered dataset
   * @param connector the connector's name
   * @param config its configuration for this load
   * @param actor who starts it, for the audit trail
   * @param district the actor's district
   * @return the queued ingestion
   * @throws java.util.NoSuchElementException when the dataset is unknown
   * @throws InvalidConfigException when the connector is unknown or the configuration is invalid
   */
  default Ingestion submit(
      String dataset, String connector, Map<String, ?> config, String actor, String district) {
    return submit(dataset, connector, config, actor, district, false);
  }

  /**
   * Checks a connector configuration and queues the load, as {@link #submit(String, String, Map,
   * String, String)}.
   *
   * @param dataset a registered dataset
   * @param connector the connector's name
   * @param config its configuration for this load
   * @param actor who starts it, for the audit trail
   * @param district the actor's district
   * @param force create a new version even when the rows are identical to the current version's
   * @return the queued ingestion
   */
  Ingestion submit(
      String dataset,
      String connector,
      Map<String, ?> config,
      String actor,
      String district,
      boolean force);

  /**
   * @return the installed connectors, by name
   */
  List<Connector> connectors();

  /**
   * @param id an ingestion id
   * @return the ingestion, if known (ingestions are kept in the state store)
   */
  Optional<Ingestion> get(String id);

  /** A connector name or configuration that cannot be used, with every reason. */
  final class InvalidConfigException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;
    private final List<String> reasons;

    /**
     * @param reasons what is wrong
     */
    public InvalidConfigException(List<String> reasons) {
      super(String.join("; ", reasons));
      this.reasons = List.copyOf(reasons);
    }

    /**
     * @return what is wrong
     */
    public List<String> reasons() {
      return reasons;
    }
  }

  /**
   * @param name an encoding name: UTF-8 (also when {@code null} or blank), GBK or GB18030, in any
   *     case
   * @return the charset
   * @throws IllegalArgumentException for any other name
   */
  static Charset encoding(String name) {
    if (name == null || name.isBlank()) {
      return StandardCharsets.UTF_8;
    }
    return switch (name.strip().toUpperCase(Locale.ROOT)) {
      case "UTF-8", "UTF8" -> StandardCharsets.UTF_8;
      case "GBK" -> Charset.forName("GBK");
      case "GB18030" -> Charset.forName("GB18030");
      default ->
          throw new IllegalArgumentException(
              "unsupported encoding '" + name + "': use UTF-8, GBK or GB18030");
    };
  }
}
