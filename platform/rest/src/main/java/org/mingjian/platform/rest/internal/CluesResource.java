package org.mingjian.platform.rest.internal;

import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.clues.ClueFilter;
import org.mingjian.platform.clues.ClueStore;
import org.mingjian.platform.clues.Page;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.runtime.ModelRegistry;
import org.mingjian.platform.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The clue queue: lists and details, personal data masked. */
@Component(service = CluesResource.class)
@JaxrsResource
@Path("/api/v1/clues")
@Produces(MediaType.APPLICATION_JSON)
public final class CluesResource {
  private static final Set<String> STATES =
      Set.of("NEW", "ASSIGNED", "VERIFYING", "CONFIRMED", "DISMISSED");
  private final ClueStore clues;
  private final DataPool pool;
  private final ModelRegistry registry;

  private final Auditor audit;

  @Activate
  public CluesResource(
      @Reference ClueStore clues,
      @Reference DataPool pool,
      @Reference ModelRegistry registry,
      @Reference Auditor audit) {
    this.clues = clues;
    this.pool = pool;
    this.registry = registry;
    this.audit = audit;
  }

  /**
   * Shows a clue's personal data to an analyst of its district who states why. Every reveal is in
   * the audit chain with its reason; a reveal of SENSITIVE data is also queued for the auditors'
   * review (action {@code clue.revealed.sensitive}).
   */
  @POST
  @Path("{id}/reveal")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response reveal(@Context SecurityContext sc, @PathParam("id") String id, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.ANALYST);
    StoredClue c = clues.get(id).orElseThrow(() -> ApiException.notFound("no clue '" + id + "'"));
    if (!caller.user().district().equals(c.district())) {
      throw ApiException.forbidden(
          "only analysts of district " + c.district() + " may reveal this clue");
    }
    String reason = Json.text(Json.object(body), "reason");
    if (reason == null || reason.strip().length() < 5) {
      throw ApiException.invalid(
          "state why you need the personal data (at least 5 characters)",
          Map.of("reason", "required"));
    }
    if (reason.length() > 1000) {
      throw ApiException.invalid(
          "the reason is longer than 1000 characters", Map.of("reason", "too long"));
    }
    var model = registry.model(c.modelId());
    boolean sensitive = Views.hasSensitive(c, pool, model);
    audit.record(
        caller,
        sensitive ? "clue.revealed.sensitive" : "clue.revealed",
        id,
        Map.of(
            "reason",
            reason.strip(),
            "modelId",
            c.modelId(),
            "district",
            c.district(),
            "reviewRequired",
            sensitive));
    return Json.ok(Views.clue(c, true, pool, model, true));
  }

  @GET
  public Response list(
      @Context SecurityContext sc,
      @QueryParam("district") String district,
      @QueryParam("modelId") String modelId,
      @QueryParam("state") String state,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    Caller caller = Caller.of(sc).require(Role.ANALYST, Role.CITY_ADMIN, Role.REVIEWER);
    Paging paging = Paging.of(page, size);
    if (state != null && !STATES.contains(state)) {
      throw ApiException.badRequest("unknown clue state '" + state + "'");
    }
    if (district != null && !district.matches("\\d{6}")) {
      throw ApiException.badRequest("'district' must be a 6-digit code");
    }
    String scope = district;
    if (!caller.mayAccess(district == null ? caller.user().district() : district)) {
      throw ApiException.forbidden("district " + district + " is not yours");
    }
    if (!caller.user().district().equals(org.mingjian.platform.security.User.CITY_OFFICE)) {
      scope = caller.user().district();
    }
    Page<StoredClue> p =
        clues.list(new ClueFilter(scope, modelId, state), paging.page(), paging.size());
    List<Map<String, Object>> items =
        p.items().stream()
            .map(c -> Views.clue(c, false, pool, registry.model(c.modelId())))
            .toList();
    return Json.ok(paging.body(items, p.total()));
  }

  @GET
  @Path("{id}")
  public Response get(@Context SecurityContext sc, @PathParam("id") String id) {
    Caller caller = Caller.of(sc).require(Role.ANALYST, Role.CITY_ADMIN, Role.REVIEWER);
    StoredClue c = clues.get(id).orElseThrow(() -> ApiException.notFound("no clue '" + id + "'"));
    caller.requireDistrict(c.district());
    return Json.ok(Views.clue(c, true, pool, registry.model(c.modelId())));
  }
}
