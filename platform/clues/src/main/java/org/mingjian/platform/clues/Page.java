package org.mingjian.platform.clues;

import java.util.List;

/**
 * One page of a list.
 *
 * @param items the items on this page
 * @param page the page number, from 0
 * @param size the page size asked for
 * @param total the number of items on all pages
 * @param <T> the item type
 */
public record Page<T>(List<T> items, int page, int size, long total) {
  /** Copies the items. */
  public Page {
    items = List.copyOf(items);
  }
}
