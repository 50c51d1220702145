package org.mingjian.platform.rest.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.sdk.descriptor.Sensitivity;

/** How {@code POST /datasets} reads a definition: every problem is reported at once. */
class DatasetDefinitionParsingTest {

  private static DatasetDefinition parse(String json) {
    return DatasetsResource.definition(Json.object(json));
  }

  @Test
  void cityWideDefinitionWithGovernanceFacts() {
    DatasetDefinition d =
        parse(
            """
            {"name":"relief_payments","description":"临时救助","owner":"民政局",
             "keyColumn":"payment_no","purpose":"救助资金监督","retentionUntil":"2099-12-31",
             "columns":[{"name":"payment_no","type":"varchar","sensitivity":"INTERNAL"},
                        {"name":"payee_id","type":"VARCHAR","sensitivity":"personal"}]}
            """);
    assertEquals("relief_payments", d.name());
    assertNull(d.districtColumn());
    assertEquals(LocalDate.of(2099, 12, 31), d.retentionUntil());
    assertEquals("救助资金监督", d.purpose());
    assertEquals("VARCHAR", d.columns().get(0).type());
    assertEquals(Sensitivity.PERSONAL, d.columns().get(1).sensitivity());
  }

  @Test
  void everyProblemIsReported() {
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                parse(
                    """
                    {"name":"x","retentionUntil":"31.12.2099",
                     "columns":[{"name":"a","type":"VARCHAR","sensitivity":"SECRET"}]}
                    """));
    assertEquals(422, e.status());
    @SuppressWarnings("unchecked")
    List<String> reasons =
        (List<String>) ((Map<String, ?>) e.details().get("report")).get("reasons");
    assertEquals(5, reasons.size(), reasons.toString());
    assertTrue(reasons.stream().anyMatch(r -> r.contains("owner")), reasons.toString());
    assertTrue(reasons.stream().anyMatch(r -> r.contains("yyyy-MM-dd")), reasons.toString());
    assertTrue(reasons.stream().anyMatch(r -> r.contains("sensitivity")), reasons.toString());
  }

  @Test
  void pastRetentionIsInvalid() {
    ApiException e =
        assertThrows(
            ApiException.class,
            () ->
                parse(
                    """
                    {"name":"x","owner":"o","keyColumn":"a","purpose":"p",
                     "retentionUntil":"2001-01-01",
                     "columns":[{"name":"a","type":"VARCHAR","sensitivity":"PUBLIC"}]}
                    """));
    assertEquals(422, e.status());
    assertTrue(e.getMessage().contains("in the past"), e.getMessage());
  }

  @Test
  void wrongJsonTypesAreMalformed() {
    assertEquals(400, assertThrows(ApiException.class, () -> parse("{\"name\":1}")).status());
    assertEquals(
        400,
        assertThrows(ApiException.class, () -> parse("{\"name\":\"x\",\"columns\":{}}")).status());
  }
}
