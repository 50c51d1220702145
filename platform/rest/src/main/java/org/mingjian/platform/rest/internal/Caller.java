package org.mingjian.platform.rest.internal;

import java.security.Principal;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.User;

/** The authenticated user of a request, and the role and district checks resources make. */
final class Caller implements Principal {
  private final User user;
  private final String token;

  Caller(User user, String token) {
    this.user = user;
    this.token = token;
  }

  static Caller of(SecurityContext sc) {
    if (sc == null || !(sc.getUserPrincipal() instanceof Caller c)) {
      throw ApiException.unauthorized("a bearer token is required");
    }
    return c;
  }

  User user() {
    return user;
  }

  String token() {
    return token;
  }

  @Override
  public String getName() {
    return user.username();
  }

  /**
   * @throws ApiException 403 unless the caller holds one of the roles
   */
  Caller require(Role... roles) {
    if (!user.hasAny(roles)) {
      throw ApiException.forbidden(
          "this needs one of the roles " + java.util.Arrays.toString(roles));
    }
    return this;
  }

  /**
   * Whether the caller may act on a district's data: the city office's roles see every district, a
   * district user only their own.
   */
  boolean mayAccess(String district) {
    return user.district().equals(User.CITY_OFFICE) || user.district().equals(district);
  }

  /**
   * @throws ApiException 403 when the district is not the caller's
   */
  Caller requireDistrict(String district) {
    if (!mayAccess(district)) {
      throw ApiException.forbidden("district " + district + " is not yours");
    }
    return this;
  }
}
