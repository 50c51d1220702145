package org.mingjian.platform.audit;

import java.time.Instant;

/**
 * Which entries to list; {@code null} means any.
 *
 * @param from entries at or after this instant
 * @param to entries strictly before this instant
 * @param actor entries of this actor
 * @param action entries with this action code; a code ending in {@code .*} (such as {@code auth.*})
 *     matches every code under it
 */
public record AuditQuery(Instant from, Instant to, String actor, String action) {

  /**
   * @return a query for every entry
   */
  public static AuditQuery all() {
    return new AuditQuery(null, null, null, null);
  }
}
