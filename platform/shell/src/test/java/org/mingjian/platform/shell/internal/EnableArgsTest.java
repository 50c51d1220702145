package org.mingjian.platform.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mingjian.platform.marketplace.EnablementRequest;

class EnableArgsTest {

  @Test
  void districtsAreSwitchedOnAndTheDefaultIsOff() {
    EnablementRequest r = EnableArgs.toRequest("1.0.0", "110105, 110108", false, null, Map.of());
    assertEquals("1.0.0", r.version());
    assertFalse(r.cityWide());
    assertEquals(Map.of("110105", "on", "110108", "on"), r.districts());
    assertNull(r.shadowVersion());
    assertTrue(r.shadowDistricts().isEmpty());
  }

  @Test
  void cityWideWithExceptions() {
    EnablementRequest r = EnableArgs.toRequest("2.1.0", null, true, "110101,110102", Map.of());
    assertTrue(r.cityWide());
    assertEquals(Map.of("110101", "off", "110102", "off"), r.districts());
  }

  @Test
  void districtsAndOffTogether() {
    EnablementRequest r = EnableArgs.toRequest("1.0.0", "110105", false, "110101", Map.of());
    assertEquals(Map.of("110105", "on", "110101", "off"), r.districts());
  }

  @Test
  void parametersInForceAreKept() {
    Map<String, Map<String, Object>> params = Map.of("110105", Map.of("minAmount", 5000));
    assertEquals(params, EnableArgs.toRequest("1.0.0", null, true, null, params).parameters());
  }

  @Test
  void whereMustBeSaidOnceAndOnlyOnce() {
    assertEquals(
        "say where: --districts CODE,CODE or --city-wide",
        assertThrows(
                UsageException.class,
                () -> EnableArgs.toRequest("1.0.0", null, false, null, Map.of()))
            .getMessage());
    assertEquals(
        "--districts and --city-wide exclude each other",
        assertThrows(
                UsageException.class,
                () -> EnableArgs.toRequest("1.0.0", "110105", true, null, Map.of()))
            .getMessage());
  }

  @Test
  void badCodesAndContradictionsAreRefused() {
    assertEquals(
        "--districts: '11010' is not a 6-digit district code",
        assertThrows(
                UsageException.class,
                () -> EnableArgs.toRequest("1.0.0", "110105,11010", false, null, Map.of()))
            .getMessage());
    assertEquals(
        "--off names no district",
        assertThrows(
                UsageException.class,
                () -> EnableArgs.toRequest("1.0.0", null, true, " , ", Map.of()))
            .getMessage());
    assertEquals(
        "district 110105 is both in --districts and in --off",
        assertThrows(
                UsageException.class,
                () -> EnableArgs.toRequest("1.0.0", "110105", false, "110105", Map.of()))
            .getMessage());
    assertThrows(UsageException.class, () -> EnableArgs.toRequest(" ", null, true, null, Map.of()));
  }

  @Test
  void codesKeepTheirOrderWithoutDuplicates() {
    assertEquals(
        List.of("110108", "110105"),
        List.copyOf(EnableArgs.codes("--districts", "110108,110105,110108")));
  }
}
