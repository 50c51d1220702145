package org.mingjian.platform.rest.internal;

import java.security.Principal;
import java.util.Set;
import javax.annotation.Priority;
import javax.ws.rs.Priorities;
import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerRequestFilter;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.security.TokenService;
import org.mingjian.platform.security.User;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/** Requires a valid bearer token on every path but health, login and the OpenAPI document. */
@Component(service = ContainerRequestFilter.class)
@JaxrsExtension
@JaxrsName("mingjian.auth")
@Priority(Priorities.AUTHENTICATION)
public final class AuthFilter implements ContainerRequestFilter {
  static final Set<String> PUBLIC =
      Set.of("api/v1/health", "api/v1/auth/login", "api/v1/openapi.json");

  /** What a user whose password must change may still do. */
  static final Set<String> BEFORE_PASSWORD_CHANGE =
      Set.of("api/v1/me", "api/v1/me/password", "api/v1/auth/logout");

  private final TokenService tokens;

  @Activate
  public AuthFilter(@Reference TokenService tokens) {
    this.tokens = tokens;
  }

  @Override
  public void filter(ContainerRequestContext request) {
    String path = request.getUriInfo().getPath();
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    if (PUBLIC.contains(path) || "OPTIONS".equals(request.getMethod()) && path.isEmpty()) {
      return;
    }
    String header = request.getHeaderString("Authorization");
    if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
      request.abortWith(Json.error(401, "unauthenticated", "a bearer token is required", null));
      return;
    }
    String token = header.substring(7).trim();
    User user = tokens.resolve(token).orElse(null);
    if (user == null) {
      request.abortWith(
          Json.error(401, "unauthenticated", "the token is unknown, expired or revoked", null));
      return;
    }
    if (user.mustChangePassword() && !BEFORE_PASSWORD_CHANGE.contains(path)) {
      request.abortWith(
          Json.error(
              403,
              "password_change_required",
              "change the initial password first: POST /api/v1/me/password",
              null));
      return;
    }
    Caller caller = new Caller(user, token);
    boolean secure =
        request.getSecurityContext() != null && request.getSecurityContext().isSecure();
    request.setSecurityContext(
        new SecurityContext() {
          @Override
          public Principal getUserPrincipal() {
            return caller;
          }

          @Override
          public boolean isUserInRole(String role) {
            return user.roles().stream().anyMatch(r -> r.name().equals(role));
          }

          @Override
          public boolean isSecure() {
            return secure;
          }

          @Override
          public String getAuthenticationScheme() {
            return "Bearer";
          }
        });
  }
}
