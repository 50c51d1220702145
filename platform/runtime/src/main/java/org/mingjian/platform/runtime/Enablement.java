package org.mingjian.platform.runtime;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * Where one model is switched on, in which version, and how each district tunes it.
 *
 * @param modelId the model
 * @param version the version in force, or {@code null} for whichever version is installed
 * @param cityWide the default for every district
 * @param districts per-district overrides ({@code true} on, {@code false} off), beating the default
 * @param shadowVersion a version run beside {@code version} in the shadow districts, or {@code
 *     null}
 * @param shadowDistricts the districts where {@code shadowVersion} runs in shadow
 * @param parameters per-district parameter overrides, by district code
 * @param updatedBy who changed it last
 * @param updatedAt when
 */
public record Enablement(
    String modelId,
    String version,
    boolean cityWide,
    Map<String, Boolean> districts,
    String shadowVersion,
    List<String> shadowDistricts,
    Map<String, Map<String, Object>> parameters,
    String updatedBy,
    Instant updatedAt) {

  /** Normalises absent collections to empty ones. */
  public Enablement {
    districts = districts == null ? Map.of() : Map.copyOf(districts);
    shadowDistricts = shadowDistricts == null ? List.of() : List.copyOf(shadowDistricts);
    parameters = parameters == null ? Map.of() : Map.copyOf(parameters);
  }

  /**
   * @param district a district code
   * @return whether analysts of that district may run the model
   */
  public boolean enabledIn(String district) {
    Boolean override = districts.get(district);
    return override != null ? override : cityWide;
  }

  /**
   * @param district a district code
   * @return whether the shadow version runs beside the current one there
   */
  public boolean shadowIn(String district) {
    return shadowVersion != null && enabledIn(district) && shadowDistricts.contains(district);
  }

  /**
   * @param district a district code
   * @return the district's parameter overrides, possibly empty
   */
  public Map<String, Object> parametersFor(String district) {
    return parameters.getOrDefault(district, Map.of());
  }

  /**
   * @param district a district code
   * @return why the model is on or off there, in a sentence
   */
  public String explain(String district) {
    Boolean override = districts.get(district);
    String base;
    if (override != null) {
      base =
          (override ? "on" : "off")
              + ": district override"
              + (override == cityWide ? " (same as the city-wide default)" : "");
    } else {
      base = cityWide ? "on: city-wide default" : "off: not enabled city-wide and no override";
    }
    if (shadowIn(district)) {
      base += "; version " + shadowVersion + " runs in shadow beside " + version;
    }
    if (enabledIn(district) && !parametersFor(district).isEmpty()) {
      base += "; local parameters " + parametersFor(district).keySet();
    }
    return base;
  }
}
