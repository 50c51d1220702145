package org.mingjian.platform.audit.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class CanonicalJsonTest {
  record Reveal(String field, int count) {}

  @Test
  void valuesBecomePlainJsonWithSortedKeys() {
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("z", List.of(3, 2.5, true));
    details.put("a", new Reveal("idNumber", 2));
    details.put("unit", TimeUnit.SECONDS);
    details.put("day", LocalDate.of(2026, 1, 31));
    details.put("nan", Double.NaN);
    details.put("big", new BigDecimal("12.50"));
    details.put("opt", Optional.empty());
    details.put("ints", new int[] {1, 2});
    details.put("nested", Map.of("b", 1, "a", Map.of()));
    assertEquals(
        "{\"a\":{\"count\":2,\"field\":\"idNumber\"},\"big\":12.50,\"day\":\"2026-01-31\","
            + "\"ints\":[1,2],\"nan\":\"NaN\",\"nested\":{\"a\":{},\"b\":1},\"opt\":null,"
            + "\"unit\":\"SECONDS\",\"z\":[3,2.5,true]}",
        CanonicalJson.write(details));
  }

  @Test
  void theSameDetailsInAnyOrderGiveTheSameText() {
    Map<String, Object> a = new LinkedHashMap<>();
    a.put("x", 1);
    a.put("y", Map.of("q", 1L, "p", "v"));
    Map<String, Object> b = new TreeMap<>(java.util.Comparator.reverseOrder());
    b.putAll(a);
    assertEquals(CanonicalJson.write(a), CanonicalJson.write(b));
    assertEquals(
        Map.of("x", 1, "y", Map.of("p", "v", "q", 1)),
        CanonicalJson.read("{\"x\":1,\"y\":{\"p\":\"v\",\"q\":1}}"));
  }

  @Test
  void keysThatCollideAsTextAndDeepNestingAreRefused() {
    Map<Object, Object> collide = new LinkedHashMap<>();
    collide.put(1, "a");
    collide.put("1", "b");
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(Map.of("m", collide)));
    Map<String, Object> deep = Map.of();
    for (int i = 0; i < 40; i++) {
      deep = Map.of("d", deep);
    }
    Map<String, Object> tooDeep = deep;
    assertThrows(IllegalArgumentException.class, () -> CanonicalJson.write(tooDeep));
  }
}
