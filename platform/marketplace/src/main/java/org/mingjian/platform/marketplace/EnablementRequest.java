package org.mingjian.platform.marketplace;

import java.util.List;
import java.util.Map;

/**
 * A full replacement of a model's enablement.
 *
 * @param version the approved version to run
 * @param cityWide the default for every district
 * @param districts per-district overrides, {@code "on"} or {@code "off"}
 * @param shadowVersion an approved version to run beside {@code version} in {@code
 *     shadowDistricts}, or {@code null}
 * @param shadowDistricts where the shadow version runs
 * @param parameters per-district parameter overrides
 */
public record EnablementRequest(
    String version,
    boolean cityWide,
    Map<String, String> districts,
    String shadowVersion,
    List<String> shadowDistricts,
    Map<String, Map<String, Object>> parameters) {

  /** Normalises absent collections to empty ones. */
  public EnablementRequest {
    districts = districts == null ? Map.of() : districts;
    shadowDistricts = shadowDistricts == null ? List.of() : shadowDistricts;
    parameters = parameters == null ? Map.of() : parameters;
  }
}
