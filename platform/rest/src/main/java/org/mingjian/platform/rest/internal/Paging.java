package org.mingjian.platform.rest.internal;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The API's paging parameters: {@code page >= 0}, {@code 1 <= size <= 500}. */
record Paging(int page, int size) {
  static final int MAX_SIZE = 500;

  static Paging of(String page, String size) {
    int p = parse(page, 0, "page");
    int s = parse(size, 50, "size");
    if (p < 0) {
      throw ApiException.badRequest("'page' must be 0 or more");
    }
    if (s < 1 || s > MAX_SIZE) {
      throw ApiException.badRequest("'size' must be between 1 and " + MAX_SIZE);
    }
    return new Paging(p, s);
  }

  private static int parse(String value, int def, String name) {
    if (value == null || value.isBlank()) {
      return def;
    }
    try {
      return Integer.parseInt(value.trim());
    } catch (NumberFormatException e) {
      throw ApiException.badRequest("'" + name + "' must be a whole number");
    }
  }

  Map<String, Object> body(List<?> items, long total) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("items", items);
    m.put("page", page);
    m.put("size", size);
    m.put("total", total);
    return m;
  }
}
