package org.mingjian.platform.runtime;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/**
 * Where each model is switched on: a city-wide default with per-district overrides, shadow
 * districts and parameter overrides. This is the desired state; the marketplace makes each node's
 * installed bundles match it.
 */
@ProviderType
public interface Enablements {

  /**
   * @param modelId a model
   * @param district a district code
   * @return whether analysts of that district may run it
   */
  default boolean isEnabled(String modelId, String district) {
    return get(modelId).map(e -> e.enabledIn(district)).orElse(false);
  }

  /**
   * @param modelId a model
   * @return its enablement, if it has one
   */
  Optional<Enablement> get(String modelId);

  /**
   * @return every model's enablement, by model id
   */
  List<Enablement> all();

  /**
   * Replaces a model's enablement.
   *
   * @param enablement the new enablement; its {@code updatedAt} is set now
   */
  void put(Enablement enablement);

  /**
   * Switches a model off everywhere.
   *
   * @param modelId the model
   * @return whether it had an enablement
   */
  boolean delete(String modelId);

  /**
   * Replaces a model's enablement with a plain one (no version pin, shadow or parameters).
   *
   * @param modelId the model
   * @param cityWide the default for every district
   * @param districts per-district overrides, {@code true} for on, beating the default
   * @param actor who changed it
   */
  default void set(String modelId, boolean cityWide, Map<String, Boolean> districts, String actor) {
    put(new Enablement(modelId, null, cityWide, districts, null, null, null, actor, null));
  }

  /**
   * @param modelId a model
   * @return why it is quarantined, if it is
   */
  Optional<Quarantine> quarantine(String modelId);

  /**
   * @return every quarantined model
   */
  List<Quarantine> quarantines();

  /**
   * Records that a model is quarantined: its runs are refused and its bundle stays stopped until a
   * city administrator enables it again.
   *
   * @param quarantine which version, why, and the run that caused it
   */
  void quarantine(Quarantine quarantine);

  /**
   * Lifts a quarantine (a city administrator enabled the model again).
   *
   * @param modelId the model
   * @return whether it was quarantined
   */
  boolean clearQuarantine(String modelId);
}
