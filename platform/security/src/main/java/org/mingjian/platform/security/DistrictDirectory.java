package org.mingjian.platform.security;

import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The districts users belong to. */
@ProviderType
public interface DistrictDirectory {
  /**
   * @return every district, the city office first
   */
  List<District> list();

  /**
   * @param code a district code
   * @return the district, if it exists
   */
  Optional<District> find(String code);
}
