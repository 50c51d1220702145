package org.mingjian.platform.data;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Asynchronous CSV loads: an upload is spooled to a file under the Mingjian home, queued, loaded by
 * a small executor, and its outcome recorded in the audit trail.
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
  Ingestion submit(String dataset, InputStream csv, Charset encoding, String actor, String district)
      throws IOException;

  /**
   * @param id an ingestion id
   * @return the ingestion, if known (ingestions are kept in memory until the platform restarts)
   */
  Optional<Ingestion> get(String id);

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
