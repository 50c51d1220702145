package org.mingjian.platform.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PagingTest {

  @Test
  void defaultsAreFirstPageOfFifty() {
    assertEquals(new Paging(0, 50), Paging.of(null, null));
    assertEquals(new Paging(0, 50), Paging.of("", " "));
  }

  @Test
  void validValuesAreAccepted() {
    assertEquals(new Paging(3, 1), Paging.of("3", "1"));
    assertEquals(new Paging(0, 500), Paging.of(" 0 ", "500"));
    assertEquals(new Paging(7, 50), Paging.of("7", null));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "-1  | 10  | 'page' must be 0 or more",
        "0   | 0   | 'size' must be between 1 and 500",
        "0   | -5  | 'size' must be between 1 and 500",
        "0   | 501 | 'size' must be between 1 and 500",
        "0   | abc | 'size' must be a whole number",
        "abc | 10  | 'page' must be a whole number",
        "1.5 | 10  | 'page' must be a whole number",
        "99999999999 | 10 | 'page' must be a whole number"
      })
  void invalidValuesAreABadRequest(String page, String size, String message) {
    ApiException e = assertThrows(ApiException.class, () -> Paging.of(page, size));
    assertEquals(400, e.status());
    assertEquals("malformed", e.code());
    assertEquals(message, e.getMessage());
  }

  @Test
  void bodyCarriesItemsAndPaging() {
    Map<String, Object> expected = new LinkedHashMap<>();
    expected.put("items", List.of("a", "b"));
    expected.put("page", 1);
    expected.put("size", 2);
    expected.put("total", 5L);
    Map<String, Object> body = new Paging(1, 2).body(List.of("a", "b"), 5);
    assertEquals(expected, body);
    assertEquals(List.of("items", "page", "size", "total"), List.copyOf(body.keySet()));
  }
}
