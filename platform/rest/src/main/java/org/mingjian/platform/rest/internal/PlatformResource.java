package org.mingjian.platform.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.runtime.ModelRegistry;
import org.mingjian.platform.security.TokenService;
import org.mingjian.platform.security.User;
import org.mingjian.platform.security.UserService;
import org.mingjian.platform.store.Readiness;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.component.annotations.ReferenceCardinality;
import org.osgi.service.component.annotations.ReferencePolicy;
import org.osgi.service.component.annotations.ReferencePolicyOption;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Health, login, logout, the current user and the OpenAPI document. */
@Component(service = PlatformResource.class)
@JaxrsResource
@Path("/api/v1")
@Produces(MediaType.APPLICATION_JSON)
public final class PlatformResource {
  private final UserService users;
  private final TokenService tokens;
  private final LoginThrottle throttle = new LoginThrottle(Clock.systemUTC());

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile Readiness readiness;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile DataPool pool;

  @Reference(
      cardinality = ReferenceCardinality.OPTIONAL,
      policy = ReferencePolicy.DYNAMIC,
      policyOption = ReferencePolicyOption.GREEDY)
  private volatile ModelRegistry registry;

  private final Auditor audit;

  @Activate
  public PlatformResource(
      @Reference UserService users, @Reference TokenService tokens, @Reference Auditor audit) {
    this.users = users;
    this.tokens = tokens;
    this.audit = audit;
  }

  @GET
  @Path("health")
  public Response health() {
    Readiness r = readiness;
    DataPool p = pool;
    ModelRegistry m = registry;
    Map<String, Object> components = new LinkedHashMap<>();
    components.put("stateStore", Map.of("status", "UP"));
    components.put("dataPool", Map.of("status", p != null ? "UP" : "DOWN"));
    components.put(
        "models",
        m != null
            ? Map.of("status", "UP", "registered", m.models().size())
            : Map.of("status", "DOWN"));
    components.put(
        "bootstrap",
        r != null ? Map.of("status", "UP", "summary", r.summary()) : Map.of("status", "STARTING"));
    boolean up = r != null && p != null && m != null;
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", up ? "UP" : "STARTING");
    body.put("components", components);
    return Json.status(up ? 200 : 503, body);
  }

  @POST
  @Path("auth/login")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response login(byte[] body) {
    JsonNode json = Json.object(body);
    String username = Json.text(json, "username");
    String password = Json.text(json, "password");
    if (username == null || password == null) {
      throw ApiException.badRequest("'username' and 'password' are required");
    }
    String who = username.length() > 64 ? username.substring(0, 64) : username;
    if (throttle.blocked(username)) {
      audit.record(who, null, "auth.login.throttled", who, Map.of());
      return Json.error(
          429, "throttled", "too many failed logins for this user; try again later", null);
    }
    Optional<User> user = users.authenticate(username, password);
    if (user.isEmpty()) {
      throttle.failed(username);
      audit.record(who, null, "auth.login.failed", who, Map.of());
      throw ApiException.unauthorized("wrong username or password");
    }
    throttle.succeeded(username);
    audit.record(who, user.get().district(), "auth.login.succeeded", who, Map.of());
    TokenService.IssuedToken token = tokens.issue(user.get());
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("token", token.token());
    out.put("expiresAt", token.expiresAt().toString());
    out.put("user", user(user.get()));
    out.put("mustChangePassword", user.get().mustChangePassword());
    return Json.ok(out);
  }

  @POST
  @Path("auth/logout")
  public Response logout(@Context SecurityContext sc) {
    Caller caller = Caller.of(sc);
    tokens.revoke(caller.token());
    audit.record(caller, "auth.logout", caller.getName(), Map.of());
    return Response.noContent().build();
  }

  @GET
  @Path("me")
  public Response me(@Context SecurityContext sc) {
    return Json.ok(user(Caller.of(sc).user()));
  }

  @POST
  @Path("me/password")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response changePassword(@Context SecurityContext sc, byte[] body) {
    Caller caller = Caller.of(sc);
    JsonNode json = Json.object(body);
    String current = Json.text(json, "current");
    String next = Json.text(json, "new");
    if (current == null || next == null) {
      throw ApiException.badRequest("'current' and 'new' are required");
    }
    if (users.authenticate(caller.getName(), current).isEmpty()) {
      throw ApiException.invalid(
          "the current password is wrong", Map.of("current", "wrong password"));
    }
    if (next.equals(current)) {
      throw ApiException.invalid(
          "the new password must differ from the current one", Map.of("new", "unchanged"));
    }
    Optional<String> weak = users.weakness(next);
    if (weak.isPresent()) {
      throw ApiException.invalid("the new password is too weak", Map.of("new", weak.get()));
    }
    users.setPassword(caller.getName(), next, false);
    tokens.revokeAll(caller.getName());
    audit.record(caller, "user.password.changed", caller.getName(), Map.of());
    return Response.noContent().build();
  }

  @GET
  @Path("openapi.json")
  public Response openapi() throws IOException {
    try (InputStream in = PlatformResource.class.getResourceAsStream("openapi.json")) {
      if (in == null) {
        throw ApiException.notFound("the OpenAPI document is missing");
      }
      return Response.ok(
              new String(in.readAllBytes(), StandardCharsets.UTF_8),
              MediaType.APPLICATION_JSON_TYPE)
          .build();
    }
  }

  static Map<String, Object> user(User u) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("username", u.username());
    m.put("district", u.district());
    m.put("roles", new TreeSet<>(u.roles().stream().map(Enum::name).toList()));
    m.put("mustChangePassword", u.mustChangePassword());
    return m;
  }
}
