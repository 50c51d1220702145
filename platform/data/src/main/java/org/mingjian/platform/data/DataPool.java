package org.mingjian.platform.data;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The governed data pool: datasets, their versions, and connections for model runs. */
@ProviderType
public interface DataPool {

  /**
   * @return every registered dataset, by name
   */
  List<DatasetInfo> datasets();

  /**
   * @param name a logical dataset name
   * @return the dataset, if registered
   */
  Optional<DatasetInfo> dataset(String name);

  /**
   * Registers a dataset; registering the same definition again changes nothing.
   *
   * @param definition the schema
   * @throws IllegalArgumentException when the definition is invalid
   * @throws IllegalStateException when a different definition is registered under that name
   */
  void register(DatasetDefinition definition);

  /**
   * Loads a UTF-8 CSV file with a header line as the dataset's next version. The new version
   * becomes current only when the load completes; a file identical to the current version creates
   * no new version.
   *
   * @param dataset a registered dataset
   * @param csv the file
   * @param source where it came from, for lineage
   * @return what was loaded
   * @throws IllegalArgumentException when the dataset is unknown or the header does not match
   */
  LoadResult loadCsv(String dataset, Path csv, String source);

  /**
   * Pins the current versions of some datasets for one run.
   *
   * @param datasets logical names
   * @return the pinned tables and versions
   */
  RunData pin(Collection<String> datasets);

  /**
   * @return a connection of the run's own (its temporary views are private to it); close it
   * @throws SQLException when the engine fails
   */
  Connection openRunConnection() throws SQLException;
}
