package org.mingjian.sdk.connector;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** What the platform hands a connector for one load. Provided by the platform. */
@ProviderType
public interface ConnectorContext {

  /**
   * @return the logical name of the dataset being loaded
   */
  String dataset();

  /**
   * @return the registered column names of the dataset, in order (lower case)
   */
  List<String> columns();

  /**
   * @return the directory server-side files may be read from ({@code <mingjian home>/import}); file
   *     connectors must refuse any path outside it
   */
  Path importDirectory();

  /**
   * Reports how far the source has been read.
   *
   * @param share 0.0 to 1.0; ignored when out of range
   */
  void progress(double share);

  /**
   * @return whether the load was cancelled (the platform stops, or a steward cancelled it); a
   *     source that blocks for long should check it and give up with a {@link ConnectorException}
   */
  boolean cancelled();

  /**
   * A value this connector remembered for this dataset at the end of an earlier successful load,
   * e.g. the high-water mark of an incremental pull.
   *
   * @param key the value's name
   * @return the value, if one was remembered
   */
  Optional<String> state(String key);

  /**
   * Remembers a value for the next load of this dataset by this connector. It is stored only if
   * this load succeeds, in the same transaction as the new version.
   *
   * @param key the value's name
   * @param value the value
   */
  void remember(String key, String value);
}
