package org.mingjian.platform.security;

import java.util.Set;

/**
 * A platform user.
 *
 * @param username the login name
 * @param district the 6-digit code of the user's district, {@value #CITY_OFFICE} for the city
 *     office
 * @param roles the roles held
 * @param mustChangePassword whether the password was generated and must be changed
 */
public record User(String username, String district, Set<Role> roles, boolean mustChangePassword) {
  /** The city office's code. */
  public static final String CITY_OFFICE = "110000";

  /** Copies the roles. */
  public User {
    roles = Set.copyOf(roles);
  }

  /**
   * @param any roles
   * @return whether the user holds at least one of them
   */
  public boolean hasAny(Role... any) {
    for (Role r : any) {
      if (roles.contains(r)) {
        return true;
      }
    }
    return false;
  }
}
