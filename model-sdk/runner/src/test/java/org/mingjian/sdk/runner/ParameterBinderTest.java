package org.mingjian.sdk.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.math.BigDecimal;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mingjian.sdk.descriptor.BusinessLine;
import org.mingjian.sdk.descriptor.DatasetContract;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.descriptor.ModelKind;
import org.mingjian.sdk.descriptor.ParameterSpec;
import org.mingjian.sdk.descriptor.ParameterType;
import org.mingjian.sdk.model.Parameters;

class ParameterBinderTest {

  private static final ModelDescriptor DESCRIPTOR =
      new ModelDescriptor(
          "m",
          "n",
          "1.0.0",
          "p",
          "l",
          BusinessLine.CIVIL,
          "110105",
          ModelKind.JAVA,
          List.of(new DatasetContract("persons", List.of("person_id"))),
          List.of(
              new ParameterSpec("count", ParameterType.INTEGER, 3L, 1.0, 10.0, ""),
              new ParameterSpec(
                  "ratio", ParameterType.DECIMAL, new BigDecimal("0.5"), 0.0, 1.0, ""),
              new ParameterSpec("cause", ParameterType.STRING, "LABOR", null, null, ""),
              new ParameterSpec("strict", ParameterType.BOOLEAN, false, null, null, ""),
              new ParameterSpec(
                  "since", ParameterType.DATE, LocalDate.of(2023, 1, 1), null, null, "")),
          List.of(),
          null);

  @Test
  void defaultsAreFilledInDeclarationOrder() throws Exception {
    Parameters p = ParameterBinder.bind(DESCRIPTOR, null);
    assertEquals(
        List.of("count", "ratio", "cause", "strict", "since"), List.copyOf(p.asMap().keySet()));
    assertEquals(3L, p.getLong("count"));
    assertEquals(3, p.getInt("count"));
    assertEquals(new BigDecimal("0.5"), p.getDecimal("ratio"));
    assertEquals("LABOR", p.getString("cause"));
    assertFalse(p.getBoolean("strict"));
    assertEquals(LocalDate.of(2023, 1, 1), p.getDate("since"));

    Parameters some = ParameterBinder.bind(DESCRIPTOR, Map.of("count", 7));
    assertEquals(7L, some.getLong("count"));
    assertEquals("LABOR", some.getString("cause"));
  }

  @Test
  void integerAcceptsWholeNumbersInAnyForm() throws Exception {
    for (Object given : List.of(5, 5L, "5", " 5 ", 5.0, new BigDecimal("5.00"))) {
      Parameters p = ParameterBinder.bind(DESCRIPTOR, Map.of("count", given));
      assertEquals(5L, p.get("count"), "given " + given);
    }
  }

  @Test
  void integerRefusesFractionsTextAndBooleans() {
    assertEquals("expected a whole number, got 5.5", problem("count", 5.5));
    assertEquals("expected a whole number, got 'five'", problem("count", "five"));
    assertEquals("expected a whole number, got true", problem("count", true));
    assertEquals("expected a whole number, got a list", problem("count", List.of(5)));
  }

  @Test
  void boundsAreInclusiveWithReadableMessages() throws Exception {
    assertEquals(1L, ParameterBinder.bind(DESCRIPTOR, Map.of("count", 1)).get("count"));
    assertEquals(10L, ParameterBinder.bind(DESCRIPTOR, Map.of("count", 10)).get("count"));
    assertEquals("0 is below the minimum 1", problem("count", 0));
    assertEquals("11 is above the maximum 10", problem("count", 11));

    assertEquals(
        0,
        BigDecimal.ONE.compareTo(
            ParameterBinder.bind(DESCRIPTOR, Map.of("ratio", "1")).getDecimal("ratio")));
    assertEquals("1.01 is above the maximum 1", problem("ratio", "1.01"));
    assertEquals("-0.1 is below the minimum 0", problem("ratio", -0.1));
  }

  @Test
  void decimalBooleanStringAndDateConversions() throws Exception {
    Parameters p =
        ParameterBinder.bind(
            DESCRIPTOR,
            Map.of("ratio", "0.25", "strict", "true", "cause", "DIVORCE", "since", "2024-02-29"));
    assertEquals(new BigDecimal("0.25"), p.getDecimal("ratio"));
    assertTrue(p.getBoolean("strict"));
    assertEquals("DIVORCE", p.getString("cause"));
    assertEquals(LocalDate.of(2024, 2, 29), p.getDate("since"));

    assertEquals("expected a number, got 'half'", problem("ratio", "half"));
    assertEquals("expected true or false, got 'yes'", problem("strict", "yes"));
    assertEquals("expected true or false, got 1", problem("strict", 1));
    assertEquals("expected text, got 42", problem("cause", 42));
    assertEquals("text longer than 1000 characters", problem("cause", "x".repeat(1001)));
    assertEquals("expected a date yyyy-MM-dd, got '2023-02-29'", problem("since", "2023-02-29"));
    assertEquals("expected a date yyyy-MM-dd, got '01/02/2023'", problem("since", "01/02/2023"));
  }

  @Test
  void unknownParametersAreRefused() {
    assertEquals("the model has no parameter 'days'", problem("days", 90));
  }

  @Test
  void everyProblemIsReportedAtOnce() {
    Map<String, Object> given = new HashMap<>();
    given.put("count", "many");
    given.put("ratio", 2);
    given.put("since", "yesterday");
    given.put("nope", 1);
    given.put("cause", "ok");
    InvalidParametersException e =
        assertThrows(
            InvalidParametersException.class, () -> ParameterBinder.bind(DESCRIPTOR, given));
    assertEquals(
        Map.of(
            "count", "expected a whole number, got 'many'",
            "ratio", "2 is above the maximum 1",
            "since", "expected a date yyyy-MM-dd, got 'yesterday'",
            "nope", "the model has no parameter 'nope'"),
        e.problems());
    assertTrue(e.getMessage().startsWith("invalid parameters: "), e.getMessage());
  }

  @Test
  void typedGettersRefuseTheWrongTypeAndUnknownNames() throws Exception {
    Parameters p = ParameterBinder.bind(DESCRIPTOR, Map.of());
    assertThrows(IllegalArgumentException.class, () -> p.getString("count"));
    assertThrows(IllegalArgumentException.class, () -> p.getLong("cause"));
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> p.get("days"));
    assertTrue(e.getMessage().contains("'days'"), e.getMessage());
    assertThrows(UnsupportedOperationException.class, () -> p.asMap().put("count", 1L));
  }

  private static String problem(String name, Object value) {
    try {
      ParameterBinder.bind(DESCRIPTOR, Map.of(name, value));
    } catch (InvalidParametersException e) {
      assertEquals(1, e.problems().size(), e.problems().toString());
      return e.problems().get(name);
    }
    return fail(name + "=" + value + " was accepted");
  }
}
