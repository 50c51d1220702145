package org.mingjian.platform.marketplace.internal;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/** What the marketplace needs from the OSGi framework: install, check and remove model bundles. */
interface Installer {
  /**
   * @param d a version to have installed and runnable
   * @return what was done, or empty when it was already in place
   * @throws Deployer.DeployException when it cannot be put in force; nothing is left installed
   */
  Optional<String> ensure(Deployer.Desired d);

  /**
   * @return locations of the installed managed bundles
   */
  Set<String> installed();

  /**
   * @param modelId a model, or {@code null} for all
   * @param keep locations to keep
   * @return what was removed
   */
  List<String> removeExcept(String modelId, Set<String> keep);

  /**
   * Runs code of a bundle that is not enabled: installs it under a temporary location, hands its
   * Model service to {@code work}, then uninstalls it.
   *
   * @param jar the bundle
   * @param modelId its model id
   * @param work what to do with the model
   * @param <T> the result
   * @return the result of {@code work}
   */
  <T> T withTemporary(
      byte[] jar,
      String modelId,
      java.util.function.Function<org.mingjian.sdk.model.Model, T> work);
}
