package org.mingjian.platform.data;

/**
 * The quality of one column of a loaded version.
 *
 * @param column the column
 * @param rows rows read by the load (the base of {@link #invalidRate()})
 * @param loaded rows stored (the base of the other rates)
 * @param nulls stored rows without a value
 * @param invalid rows rejected because of this column's value (not its type, an invalid ID)
 * @param distinctValues distinct non-null values (exact for the key column, approximate otherwise)
 * @param duplicates non-null values that repeat an earlier one; only for the key column, {@code
 *     null} otherwise
 */
public record ColumnQuality(
    String column,
    long rows,
    long loaded,
    long nulls,
    long invalid,
    long distinctValues,
    Long duplicates) {

  /**
   * @return nulls per stored row, 0.0 to 1.0
   */
  public double nullRate() {
    return loaded == 0 ? 0.0 : (double) nulls / loaded;
  }

  /**
   * @return rows rejected for this column per row read, 0.0 to 1.0
   */
  public double invalidRate() {
    return rows == 0 ? 0.0 : (double) invalid / rows;
  }

  /**
   * @return duplicate values per stored row, or {@code null} when not computed
   */
  public Double duplicateRate() {
    return duplicates == null ? null : loaded == 0 ? 0.0 : (double) duplicates / loaded;
  }
}
