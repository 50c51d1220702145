package org.mingjian.platform.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.marketplace.Marketplace;
import org.mingjian.platform.runtime.ModelRegistry;
import org.mingjian.platform.runtime.RunRejectedException;
import org.mingjian.platform.runtime.Schedule;
import org.mingjian.platform.runtime.Schedules;
import org.mingjian.platform.security.DistrictDirectory;
import org.mingjian.platform.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Scheduled runs: one Quartz cron expression and parameter set per model and district. */
@Component(service = SchedulesResource.class)
@JaxrsResource
@Path("/api/v1/schedules")
@Produces(MediaType.APPLICATION_JSON)
public final class SchedulesResource {
  private final Schedules schedules;
  private final Marketplace marketplace;
  private final ModelRegistry registry;
  private final DistrictDirectory districts;
  private final Auditor audit;

  @Activate
  public SchedulesResource(
      @Reference Schedules schedules,
      @Reference Marketplace marketplace,
      @Reference ModelRegistry registry,
      @Reference DistrictDirectory districts,
      @Reference Auditor audit) {
    this.schedules = schedules;
    this.marketplace = marketplace;
    this.registry = registry;
    this.districts = districts;
    this.audit = audit;
  }

  @GET
  public Response list(
      @Context SecurityContext sc,
      @QueryParam("district") String district,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN, Role.ANALYST);
    Paging paging = Paging.of(page, size);
    String scope = district;
    if (!caller.user().hasAny(Role.CITY_ADMIN)) {
      if (district != null) {
        caller.requireDistrict(district);
      }
      scope = caller.user().district();
    }
    List<Schedule> all = schedules.list(scope);
    List<Map<String, Object>> items =
        all.stream()
            .skip((long) paging.page() * paging.size())
            .limit(paging.size())
            .map(SchedulesResource::view)
            .toList();
    return Json.ok(paging.body(items, all.size()));
  }

  @GET
  @Path("{modelId}/{district}")
  public Response get(
      @Context SecurityContext sc,
      @PathParam("modelId") String modelId,
      @PathParam("district") String district) {
    allowed(sc, district);
    return Json.ok(
        view(schedules.get(modelId, district).orElseThrow(() -> notFound(modelId, district))));
  }

  @PUT
  @Path("{modelId}/{district}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(
      @Context SecurityContext sc,
      @PathParam("modelId") String modelId,
      @PathParam("district") String district,
      byte[] body) {
    Caller caller = allowed(sc, district);
    if (districts.list().stream().noneMatch(d -> d.code().equals(district))) {
      throw ApiException.notFound("no district " + district);
    }
    if (marketplace.model(modelId).isEmpty() && registry.model(modelId).isEmpty()) {
      throw ApiException.notFound("no model '" + modelId + "'");
    }
    JsonNode json = Json.object(body);
    JsonNode cron = json.get("cron");
    if (cron == null || !cron.isTextual()) {
      throw ApiException.badRequest("'cron' is required: a Quartz cron expression");
    }
    Map<String, Object> parameters = Json.map(json, "parameters");
    try {
      Schedule s = schedules.put(modelId, district, cron.asText(), parameters, caller.getName());
      return Json.ok(view(s));
    } catch (RunRejectedException e) {
      throw switch (e.reason()) {
        case INVALID_SCHEDULE ->
            ApiException.invalid(e.getMessage(), Map.of("cron", cron.asText()));
        case INVALID_PARAMETERS ->
            ApiException.invalid("the parameters do not fit the model", e.details());
        default -> ApiException.conflict(e.getMessage());
      };
    }
  }

  @DELETE
  @Path("{modelId}/{district}")
  public Response delete(
      @Context SecurityContext sc,
      @PathParam("modelId") String modelId,
      @PathParam("district") String district) {
    Caller caller = allowed(sc, district);
    if (!schedules.delete(modelId, district)) {
      throw notFound(modelId, district);
    }
    audit.record(caller, "schedule.deleted", modelId, Map.of("district", district));
    return Response.noContent().build();
  }

  private static Caller allowed(SecurityContext sc, String district) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN, Role.ANALYST);
    if (!caller.user().hasAny(Role.CITY_ADMIN)) {
      caller.requireDistrict(district);
    }
    return caller;
  }

  private static ApiException notFound(String modelId, String district) {
    return ApiException.notFound("no schedule of '" + modelId + "' for district " + district);
  }

  static Map<String, Object> view(Schedule s) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelId", s.modelId());
    m.put("district", s.district());
    m.put("cron", s.cron());
    m.put("parameters", s.parameters());
    m.put("updatedBy", s.updatedBy());
    m.put("updatedAt", s.updatedAt() == null ? null : s.updatedAt().toString());
    m.put("lastFiring", s.lastFiring() == null ? null : s.lastFiring().toString());
    m.put("lastRunId", s.lastRunId());
    m.put("lastError", s.lastError());
    return m;
  }
}
