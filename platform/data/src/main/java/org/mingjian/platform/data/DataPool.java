package org.mingjian.platform.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.DoubleConsumer;
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
  default LoadResult loadCsv(String dataset, Path csv, String source) {
    return loadCsv(dataset, csv, source, StandardCharsets.UTF_8, p -> {});
  }

  /**
   * Loads a CSV file with a header line as the dataset's next version, like {@link #loadCsv(String,
   * Path, String)}, reading it in the given encoding and reporting progress. Values of resident-ID
   * columns (PERSONAL columns named {@code *person_id}, {@code plaintiff_id}, {@code defendant_id}
   * or {@code payee_id}) must be valid 18-character resident IDs; rows with an invalid one are
   * rejected.
   *
   * @param dataset a registered dataset
   * @param csv the file
   * @param source where it came from, for lineage
   * @param encoding the file's character encoding
   * @param progress receives the share of the file read so far, 0.0 to 1.0
   * @return what was loaded
   * @throws LoadRejectedException when no row could be loaded (no version is created)
   * @throws IllegalArgumentException when the dataset is unknown or the header does not match
   */
  LoadResult loadCsv(
      String dataset, Path csv, String source, Charset encoding, DoubleConsumer progress);

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
