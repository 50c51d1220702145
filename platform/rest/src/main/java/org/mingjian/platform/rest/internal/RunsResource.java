package org.mingjian.platform.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
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
import org.mingjian.platform.runtime.RunEngine;
import org.mingjian.platform.runtime.RunRecord;
import org.mingjian.platform.runtime.RunRejectedException;
import org.mingjian.platform.runtime.RunState;
import org.mingjian.platform.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Start, follow, list and cancel model runs. */
@Component(service = RunsResource.class)
@JaxrsResource
@Path("/api/v1/runs")
@Produces(MediaType.APPLICATION_JSON)
public final class RunsResource {
  private final RunEngine engine;

  private final Auditor audit;
  private final org.mingjian.platform.marketplace.Marketplace marketplace;

  @Activate
  public RunsResource(
      @Reference RunEngine engine,
      @Reference Auditor audit,
      @Reference org.mingjian.platform.marketplace.Marketplace marketplace) {
    this.engine = engine;
    this.audit = audit;
    this.marketplace = marketplace;
  }

  @POST
  @Consumes(MediaType.APPLICATION_JSON)
  public Response start(@Context SecurityContext sc, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.ANALYST, Role.CITY_ADMIN);
    JsonNode json = Json.object(body);
    String modelId = Json.text(json, "modelId");
    String district = Json.text(json, "district");
    if (modelId == null || district == null) {
      throw ApiException.badRequest("'modelId' and 'district' are required");
    }
    if (!district.matches("\\d{6}")) {
      throw ApiException.invalid("'district' must be a 6-digit code", Map.of("district", district));
    }
    Map<String, Object> parameters = Json.map(json, "parameters");
    if (!caller.user().hasAny(Role.CITY_ADMIN)) {
      caller.requireDistrict(district);
    }
    try {
      RunRecord run = engine.submit(modelId, district, parameters, caller.getName());
      audit.record(
          caller,
          "run.requested",
          run.id(),
          Map.of("modelId", modelId, "district", district, "parameters", run.parameters()));
      return Json.status(202, Views.run(run));
    } catch (RunRejectedException e) {
      throw switch (e.reason()) {
        case UNKNOWN_MODEL ->
            // in the catalog but switched off (so not installed here): not enabled, not unknown
            marketplace.model(modelId).isPresent()
                ? ApiException.conflict(
                    "model '" + modelId + "' is not enabled in district " + district)
                : ApiException.notFound(e.getMessage());
        case NOT_ENABLED, QUARANTINED, NOT_REPRODUCIBLE ->
            ApiException.conflict(e.getMessage(), e.details());
        case INVALID_PARAMETERS, INVALID_SCHEDULE ->
            ApiException.invalid("the parameters do not fit the model", e.details());
      };
    }
  }

  /** A new run with the inputs of an earlier one: model version, parameters, dataset versions. */
  @POST
  @Path("{id}/rerun")
  public Response rerun(@Context SecurityContext sc, @PathParam("id") String id) {
    RunRecord original = visible(sc, id);
    Caller caller = Caller.of(sc);
    try {
      RunRecord run = engine.rerun(id, caller.getName());
      audit.record(
          caller,
          "run.requested",
          run.id(),
          Map.of(
              "modelId",
              run.modelId(),
              "district",
              run.district(),
              "parameters",
              run.parameters(),
              "rerunOf",
              original.id()));
      return Json.status(202, Views.run(run));
    } catch (RunRejectedException e) {
      throw switch (e.reason()) {
        case UNKNOWN_MODEL -> ApiException.notFound(e.getMessage());
        case INVALID_PARAMETERS, INVALID_SCHEDULE ->
            ApiException.conflict(
                "the original parameters no longer fit the model: " + e.getMessage(), e.details());
        default -> ApiException.conflict(e.getMessage(), e.details());
      };
    }
  }

  @GET
  public Response list(
      @Context SecurityContext sc,
      @QueryParam("modelId") String modelId,
      @QueryParam("district") String district,
      @QueryParam("state") String state,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    Caller caller = Caller.of(sc).require(Role.ANALYST, Role.CITY_ADMIN);
    Paging paging = Paging.of(page, size);
    String scope = district;
    if (!caller.user().hasAny(Role.CITY_ADMIN)) {
      if (district != null) {
        caller.requireDistrict(district);
      }
      scope = caller.user().district();
    }
    RunState st = null;
    if (state != null) {
      try {
        st = RunState.valueOf(state);
      } catch (IllegalArgumentException e) {
        throw ApiException.badRequest("unknown run state '" + state + "'");
      }
    }
    List<Map<String, Object>> items =
        engine.list(modelId, scope, st, paging.page() * paging.size(), paging.size()).stream()
            .map(Views::run)
            .toList();
    return Json.ok(paging.body(items, engine.count(modelId, scope, st)));
  }

  @GET
  @Path("{id}")
  public Response get(@Context SecurityContext sc, @PathParam("id") String id) {
    return Json.ok(Views.run(visible(sc, id)));
  }

  @DELETE
  @Path("{id}")
  public Response cancel(@Context SecurityContext sc, @PathParam("id") String id) {
    RunRecord run = visible(sc, id);
    if (run.state().isFinal()) {
      throw ApiException.conflict("the run is already " + run.state());
    }
    engine.cancel(id);
    audit.record(Caller.of(sc), "run.cancel.requested", id, Map.of("modelId", run.modelId()));
    return Json.status(202, Views.run(engine.get(id).orElse(run)));
  }

  private RunRecord visible(SecurityContext sc, String id) {
    Caller caller = Caller.of(sc).require(Role.ANALYST, Role.CITY_ADMIN);
    RunRecord run = engine.get(id).orElseThrow(() -> ApiException.notFound("no run '" + id + "'"));
    if (!caller.user().hasAny(Role.CITY_ADMIN)) {
      caller.requireDistrict(run.district());
    }
    return run;
  }
}
