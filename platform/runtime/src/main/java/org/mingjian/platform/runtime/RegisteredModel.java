package org.mingjian.platform.runtime;

import org.mingjian.sdk.descriptor.ModelDescriptor;

/**
 * A model bundle the platform has seen.
 *
 * @param descriptor its descriptor
 * @param bundleId the OSGi bundle id
 * @param symbolicName the bundle symbolic name
 * @param bundleSha256 SHA-256 of the bundle's jar, or {@code null} when it cannot be read
 * @param problem why the model cannot run (for example a Java model whose service is missing), or
 *     {@code null} when it can
 */
public record RegisteredModel(
    ModelDescriptor descriptor,
    long bundleId,
    String symbolicName,
    String bundleSha256,
    String problem) {

  /**
   * @return whether the model can run now
   */
  public boolean runnable() {
    return problem == null;
  }
}
