package org.mingjian.sdk.descriptor;

import java.util.List;

/**
 * How a SQL-only model runs: each result row of its query becomes one clue.
 *
 * @param file the SQL resource in the bundle, relative to the descriptor
 * @param subject the result column holding the clue's subject
 * @param title the clue title; {@code {column}} is replaced by that result column's value
 * @param score the result column holding the score (0..1), or {@code null} for 1
 * @param evidence the evidence each row yields
 */
public record SqlOutput(
    String file, String subject, String title, String score, List<EvidenceMapping> evidence) {
  /** Copies the evidence list. */
  public SqlOutput {
    evidence = List.copyOf(evidence);
  }
}
