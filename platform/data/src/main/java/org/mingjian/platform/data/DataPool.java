package org.mingjian.platform.data;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.DoubleConsumer;
import org.mingjian.sdk.connector.RowSource;
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
   * Loads a CSV file like {@link #loadCsv(String, Path, String, Charset, DoubleConsumer)}, with the
   * options' source, loader, progress and cancellation. A file that is not valid in the encoding
   * FAILS (no version) instead of loading garbled text.
   *
   * @param dataset a registered dataset
   * @param csv the file
   * @param encoding the file's character encoding
   * @param options source, loader, progress, cancellation
   * @return what was loaded
   * @throws LoadRejectedException when the load failed with counts and reasons (no version)
   * @throws IllegalArgumentException when the dataset is unknown or the header does not match
   */
  LoadResult loadCsv(String dataset, Path csv, Charset encoding, LoadOptions options);

  /**
   * Loads the rows of a connector's source as the dataset's next version, with the same checks as a
   * CSV file: names matched to the columns, every value converted and validated, rejected rows
   * counted with their reasons, the version created only when the whole source was read. A source
   * that {@linkplain RowSource#appends() appends} adds its rows to a copy of the current version.
   * The source is not closed here.
   *
   * @param dataset a registered dataset
   * @param rows the rows
   * @param options source, loader, connector, remembered state, progress, cancellation
   * @return what was loaded
   * @throws LoadRejectedException when the load failed (nothing loadable, the source failed
   *     mid-way, cancelled), with the counts so far and the reasons; no version is created
   * @throws IllegalArgumentException when the dataset is unknown or the names do not match
   */
  LoadResult load(String dataset, RowSource rows, LoadOptions options);

  /**
   * @param dataset a dataset
   * @return its versions, newest first (empty for an unknown dataset)
   */
  List<VersionInfo> versions(String dataset);

  /**
   * @param dataset a dataset
   * @param version one of its versions
   * @return the version's quality report, if one was computed (versions loaded before reports
   *     existed have none)
   */
  Optional<QualityReport> quality(String dataset, int version);

  /**
   * Which runs read which version of a dataset.
   *
   * @param dataset a dataset
   * @param perVersion at most this many runs per version, the latest first
   * @return the runs by version, newest version first; versions no run read are absent
   */
  Map<Integer, List<RunRef>> lineage(String dataset, int perVersion);

  /**
   * @param dataset a dataset
   * @param connector a connector name
   * @return what the connector remembered for the dataset at its last successful load
   */
  Map<String, String> connectorState(String dataset, String connector);

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
