package org.mingjian.platform.data;

import java.time.Instant;

/**
 * One loaded version of a dataset.
 *
 * @param version the version number, from 1
 * @param rows rows stored in it
 * @param sha256 the SHA-256 of the loaded file (or, for a connector, of the rows read)
 * @param source where the rows came from
 * @param loadedAt when it was loaded
 * @param loadedBy who loaded it, or {@code null} for versions loaded before this was recorded
 * @param rowsRead rows read by the load that created it, or {@code null} when not recorded
 * @param rowsRejected rows that load refused, or {@code null} when not recorded
 */
public record VersionInfo(
    int version,
    long rows,
    String sha256,
    String source,
    Instant loadedAt,
    String loadedBy,
    Long rowsRead,
    Long rowsRejected) {}
