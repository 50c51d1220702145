package org.mingjian.platform.runtime;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The models of the active model bundles, as they come and go; several versions may be active. */
@ProviderType
public interface ModelRegistry {
  /**
   * @return the registered models, by id then version
   */
  List<RegisteredModel> models();

  /**
   * @param modelId a model id
   * @return the newest registered version of the model, if a bundle provides it
   */
  default Optional<RegisteredModel> model(String modelId) {
    return model(modelId, null);
  }

  /**
   * @param modelId a model id
   * @param version a version ({@code major.minor.micro}), or {@code null} for the newest
   * @return that version of the model, if an active bundle provides it
   */
  Optional<RegisteredModel> model(String modelId, String version);
}
