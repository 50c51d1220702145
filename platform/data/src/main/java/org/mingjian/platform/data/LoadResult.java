package org.mingjian.platform.data;

import java.util.List;

/**
 * The outcome of loading a file into a dataset.
 *
 * @param dataset the dataset
 * @param version the version now current
 * @param rowsRead data rows read from the file
 * @param rowsLoaded rows stored
 * @param rowsRejected rows refused (see errors)
 * @param sha256 the file's SHA-256
 * @param created whether a new version was created (an identical file creates none)
 * @param errors the first rejection reasons, with line numbers
 */
public record LoadResult(
    String dataset,
    int version,
    long rowsRead,
    long rowsLoaded,
    long rowsRejected,
    String sha256,
    boolean created,
    List<String> errors) {}
