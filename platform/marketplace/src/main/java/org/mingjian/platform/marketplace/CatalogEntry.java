package org.mingjian.platform.marketplace;

import java.util.List;
import java.util.Map;
import org.mingjian.platform.runtime.Quarantine;

/**
 * A model in the catalog: its versions, where it is enabled and how well it works.
 *
 * @param modelId the model
 * @param latest the newest version (the newest approved one when there is one)
 * @param versions every version, oldest first
 * @param enabledIn the districts where it is on now
 * @param metrics runs, clues, confirmed, dismissed and conversion rate over all districts
 * @param byDistrict the same per district, for districts with runs or clues
 * @param quarantine why the model is quarantined (runs refused, bundle stopped), or {@code null}
 */
public record CatalogEntry(
    String modelId,
    ModelVersion latest,
    List<ModelVersion> versions,
    List<String> enabledIn,
    Map<String, Object> metrics,
    Map<String, Map<String, Object>> byDistrict,
    Quarantine quarantine) {}
