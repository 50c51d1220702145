package org.mingjian.platform.runtime;

import java.util.Map;
import org.osgi.annotation.versioning.ProviderType;

/** Where each model is switched on: a city-wide default with per-district overrides. */
@ProviderType
public interface Enablements {

  /**
   * @param modelId a model
   * @param district a district code
   * @return whether analysts of that district may run it
   */
  boolean isEnabled(String modelId, String district);

  /**
   * Replaces a model's enablement.
   *
   * @param modelId the model
   * @param cityWide the default for every district
   * @param districts per-district overrides, {@code true} for on, beating the default
   * @param actor who changed it
   */
  void set(String modelId, boolean cityWide, Map<String, Boolean> districts, String actor);
}
