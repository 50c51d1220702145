package org.mingjian.platform.data;

import java.time.Instant;
import java.util.List;

/**
 * An asynchronous load of an uploaded file into a dataset, as its submitter sees it.
 *
 * @param id the ingestion's id
 * @param dataset the dataset
 * @param state QUEUED, RUNNING, SUCCEEDED or FAILED
 * @param progress 0.0 to 1.0, the share of the file read
 * @param rowsRead data rows read
 * @param rowsLoaded rows stored
 * @param rowsRejected rows refused
 * @param errors the first rejection reasons with line numbers, or why the load failed
 * @param version the version current after the load, or {@code null}
 * @param created whether the load created a new version
 * @param encoding the file's character encoding
 * @param submittedBy who uploaded the file
 * @param submittedAt when
 * @param finishedAt when the load ended, or {@code null}
 * @param connector the connector that read the rows, or {@code null} for an uploaded file
 */
public record Ingestion(
    String id,
    String dataset,
    State state,
    double progress,
    long rowsRead,
    long rowsLoaded,
    long rowsRejected,
    List<String> errors,
    Integer version,
    boolean created,
    String encoding,
    String submittedBy,
    Instant submittedAt,
    Instant finishedAt,
    String connector) {

  /** Where an ingestion is. */
  public enum State {
    /** Waiting for the loader. */
    QUEUED,
    /** Being loaded. */
    RUNNING,
    /** Loaded (possibly as no new version, for an identical file). */
    SUCCEEDED,
    /** Refused: nothing loadable, a wrong header, or an unreadable file; no version created. */
    FAILED
  }

  /** Copies the errors. */
  public Ingestion {
    errors = List.copyOf(errors);
  }

  /**
   * An upload's ingestion (no connector).
   *
   * @param id the ingestion's id
   * @param dataset the dataset
   * @param state QUEUED, RUNNING, SUCCEEDED or FAILED
   * @param progress 0.0 to 1.0
   * @param rowsRead data rows read
   * @param rowsLoaded rows stored
   * @param rowsRejected rows refused
   * @param errors the reasons
   * @param version the version current after the load, or {@code null}
   * @param created whether the load created a new version
   * @param encoding the file's character encoding
   * @param submittedBy who uploaded the file
   * @param submittedAt when
   * @param finishedAt when the load ended, or {@code null}
   */
  public Ingestion(
      String id,
      String dataset,
      State state,
      double progress,
      long rowsRead,
      long rowsLoaded,
      long rowsRejected,
      List<String> errors,
      Integer version,
      boolean created,
      String encoding,
      String submittedBy,
      Instant submittedAt,
      Instant finishedAt) {
    this(
        id,
        dataset,
        state,
        progress,
        rowsRead,
        rowsLoaded,
        rowsRejected,
        errors,
        version,
        created,
        encoding,
        submittedBy,
        submittedAt,
        finishedAt,
        null);
  }

  /**
   * @return whether the ingestion has ended
   */
  public boolean finished() {
    return state == State.SUCCEEDED || state == State.FAILED;
  }
}
