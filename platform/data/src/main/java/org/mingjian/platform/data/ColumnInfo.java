package org.mingjian.platform.data;

import org.mingjian.sdk.descriptor.Sensitivity;

/**
 * A dataset column.
 *
 * @param name the column name
 * @param type its SQL type: VARCHAR, INTEGER, BIGINT, DATE, BOOLEAN or DECIMAL(p,s)
 * @param sensitivity its grade
 */
public record ColumnInfo(String name, String type, Sensitivity sensitivity) {}
