package org.mingjian.platform.runtime;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The models of the active model bundles, as they come and go. */
@ProviderType
public interface ModelRegistry {
  /**
   * @return the registered models, by id
   */
  List<RegisteredModel> models();

  /**
   * @param modelId a model id
   * @return the model, if a bundle provides it
   */
  Optional<RegisteredModel> model(String modelId);
}
