package org.mingjian.sdk.descriptor;

/** The procuratorate's business lines (四大检察). */
public enum BusinessLine {
  /** 刑事检察 */
  CRIMINAL,
  /** 民事检察 */
  CIVIL,
  /** 行政检察 */
  ADMINISTRATIVE,
  /** 公益诉讼检察 */
  PUBLIC_INTEREST
}
