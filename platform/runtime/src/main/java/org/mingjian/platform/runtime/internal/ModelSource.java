package org.mingjian.platform.runtime.internal;

import java.util.Optional;
import org.mingjian.platform.runtime.RegisteredModel;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.mingjian.sdk.model.Model;

/** What the run engine needs from the registry: descriptors, SQL and Java implementations. */
interface ModelSource {
  /**
   * What the registry read from a model bundle.
   *
   * @param descriptor the descriptor
   * @param sql the SQL of a SQL-only model, else {@code null}
   * @param sha256 the bundle's SHA-256, or {@code null}
   */
  record Entry(ModelDescriptor descriptor, String sql, String sha256) {}

  /**
   * @param modelId a model
   * @param version a version, or {@code null} for the newest installed one
   * @return what the registry read
   */
  Optional<Entry> entry(String modelId, String version);

  /**
   * @param modelId a model
   * @param version a version, or {@code null} for the newest installed one
   * @return the registered model
   */
  Optional<RegisteredModel> model(String modelId, String version);

  /**
   * @param modelId a Java model
   * @param version its version
   * @return the service of the bundle providing that version
   */
  Optional<Model> service(String modelId, String version);

  /**
   * Stops the bundle providing a model version (without uninstalling it).
   *
   * @param modelId a model
   * @param version its version
   * @return whether a bundle was stopped
   */
  default boolean stop(String modelId, String version) {
    return false;
  }
}
