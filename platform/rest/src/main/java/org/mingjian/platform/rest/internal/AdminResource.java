package org.mingjian.platform.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.security.District;
import org.mingjian.platform.security.DistrictDirectory;
import org.mingjian.platform.security.Passwords;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.TokenService;
import org.mingjian.platform.security.User;
import org.mingjian.platform.security.UserService;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** User administration (CITY_ADMIN) and the district list (any user). */
@Component(service = AdminResource.class)
@JaxrsResource
@Path("/api/v1/admin")
@Produces(MediaType.APPLICATION_JSON)
public final class AdminResource {
  private final UserService users;
  private final TokenService tokens;
  private final DistrictDirectory districts;
  private final Auditor audit;
  private final org.mingjian.platform.marketplace.Marketplace marketplace;

  @Activate
  public AdminResource(
      @Reference UserService users,
      @Reference TokenService tokens,
      @Reference DistrictDirectory districts,
      @Reference Auditor audit,
      @Reference org.mingjian.platform.marketplace.Marketplace marketplace) {
    this.users = users;
    this.tokens = tokens;
    this.districts = districts;
    this.audit = audit;
    this.marketplace = marketplace;
  }

  @GET
  @Path("districts/{code}/certificate")
  @Produces({"application/x-pem-file", MediaType.APPLICATION_JSON})
  public Response certificate(@Context SecurityContext sc, @PathParam("code") String code) {
    Caller.of(sc).require(Role.CITY_ADMIN);
    String pem =
        marketplace
            .certificate(code)
            .orElseThrow(
                () -> ApiException.notFound("district " + code + " has no registered certificate"));
    return Response.ok(pem, "application/x-pem-file").build();
  }

  @PUT
  @Path("districts/{code}/certificate")
  @Consumes(MediaType.WILDCARD)
  public Response setCertificate(
      @Context SecurityContext sc, @PathParam("code") String code, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    String pem =
        new String(body == null ? new byte[0] : body, java.nio.charset.StandardCharsets.US_ASCII);
    marketplace.setCertificate(code, pem, caller.user());
    return Response.ok(pem, "application/x-pem-file").build();
  }

  @GET
  @Path("districts")
  public Response districts(@Context SecurityContext sc) {
    Caller.of(sc);
    List<Map<String, Object>> items =
        districts.list().stream()
            .map(d -> Map.<String, Object>of("code", d.code(), "name", d.name()))
            .toList();
    return Json.ok(new Paging(0, Math.max(1, items.size())).body(items, items.size()));
  }

  @GET
  @Path("users")
  public Response list(@Context SecurityContext sc) {
    Caller.of(sc).require(Role.CITY_ADMIN);
    List<Map<String, Object>> items = users.list().stream().map(PlatformResource::user).toList();
    return Json.ok(new Paging(0, Math.max(1, items.size())).body(items, items.size()));
  }

  @POST
  @Path("users")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response create(@Context SecurityContext sc, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    JsonNode json = Json.object(body);
    String username = Json.text(json, "username");
    if (username == null) {
      throw ApiException.badRequest("'username' is required");
    }
    String district = district(json);
    Set<Role> roles = roles(json);
    String given = Json.text(json, "password");
    String password = given != null ? given : Passwords.generate();
    try {
      User user = users.create(username, district, roles, password, true);
      audit.record(
          caller, "user.created", username, Map.of("district", district, "roles", names(roles)));
      Map<String, Object> out = new LinkedHashMap<>(PlatformResource.user(user));
      if (given == null) {
        out.put("initialPassword", password);
      }
      return Json.status(201, out);
    } catch (IllegalStateException e) {
      throw ApiException.conflict(e.getMessage());
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage(), Map.of());
    }
  }

  @PUT
  @Path("users/{username}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response update(
      @Context SecurityContext sc, @PathParam("username") String username, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    User existing =
        users.find(username).orElseThrow(() -> ApiException.notFound("no user '" + username + "'"));
    JsonNode json = Json.object(body);
    String district = json.has("district") ? district(json) : existing.district();
    Set<Role> roles = json.has("roles") ? roles(json) : existing.roles();
    if (username.equals(caller.getName()) && !roles.contains(Role.CITY_ADMIN)) {
      throw ApiException.conflict("you cannot take the CITY_ADMIN role from yourself");
    }
    try {
      User updated = users.update(username, district, roles);
      String password = Json.text(json, "password");
      if (password != null) {
        users.setPassword(username, password, true);
        tokens.revokeAll(username);
      }
      audit.record(
          caller,
          "user.updated",
          username,
          Map.of("district", district, "roles", names(roles), "passwordReset", password != null));
      return Json.ok(PlatformResource.user(users.find(username).orElse(updated)));
    } catch (IllegalArgumentException e) {
      throw ApiException.invalid(e.getMessage(), Map.of());
    } catch (NoSuchElementException e) {
      throw ApiException.notFound(e.getMessage());
    }
  }

  @DELETE
  @Path("users/{username}")
  public Response delete(@Context SecurityContext sc, @PathParam("username") String username) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    if (username.equals(caller.getName())) {
      throw ApiException.conflict("you cannot delete yourself");
    }
    if (!users.delete(username)) {
      throw ApiException.notFound("no user '" + username + "'");
    }
    tokens.revokeAll(username);
    audit.record(caller, "user.deleted", username, Map.of());
    return Response.noContent().build();
  }

  private String district(JsonNode json) {
    String code = Json.text(json, "district");
    if (code == null) {
      throw ApiException.badRequest("'district' is required");
    }
    District d =
        districts
            .find(code)
            .orElseThrow(
                () ->
                    ApiException.invalid(
                        "unknown district '" + code + "'", Map.of("district", code)));
    return d.code();
  }

  private static Set<Role> roles(JsonNode json) {
    JsonNode r = json.get("roles");
    if (r == null || !r.isArray() || r.isEmpty()) {
      throw ApiException.badRequest("'roles' must be a non-empty list");
    }
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (JsonNode n : r) {
      if (!n.isTextual()) {
        throw ApiException.badRequest("'roles' must be a list of role names");
      }
      try {
        roles.add(Role.valueOf(n.asText()));
      } catch (IllegalArgumentException e) {
        throw ApiException.invalid(
            "unknown role '" + n.asText() + "'", Map.of("roles", n.asText()));
      }
    }
    return roles;
  }

  private static List<String> names(Set<Role> roles) {
    return roles.stream().map(Enum::name).sorted().toList();
  }
}
