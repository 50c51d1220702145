package org.mingjian.platform.store;

import org.osgi.annotation.versioning.ProviderType;

/**
 * Registered as a service once first-start bootstrap is complete (users, demo data, catalog,
 * enablement); health reports UP only while it is present.
 */
@ProviderType
public interface Readiness {
  /**
   * @return a short description of what was bootstrapped
   */
  String summary();
}
