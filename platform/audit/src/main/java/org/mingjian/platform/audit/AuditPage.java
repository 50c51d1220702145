package org.mingjian.platform.audit;

import java.util.List;

/**
 * One page of entries.
 *
 * @param items the entries on this page, newest (highest seq) first
 * @param total the number of entries the query matches on all pages
 */
public record AuditPage(List<AuditEntry> items, long total) {
  /** Copies the items. */
  public AuditPage {
    items = List.copyOf(items);
  }
}
