package org.mingjian.sdk.runner;

/**
 * Where a logical dataset lives in the engine a run uses.
 *
 * @param table the qualified, already quoted table name, e.g. {@code pool."persons_v3"}
 * @param districtColumn the column holding the district code, or {@code null} for a city-wide
 *     dataset that every district sees whole
 */
public record PhysicalDataset(String table, String districtColumn) {}
