package org.mingjian.platform.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeSet;
import javax.ws.rs.Consumes;
import javax.ws.rs.DELETE;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.clues.ClueStore;
import org.mingjian.platform.marketplace.CatalogEntry;
import org.mingjian.platform.marketplace.EnablementRequest;
import org.mingjian.platform.marketplace.Marketplace;
import org.mingjian.platform.runtime.Enablement;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.runtime.RunEngine;
import org.mingjian.platform.runtime.RunRecord;
import org.mingjian.platform.security.DistrictDirectory;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.User;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Where each model is on: the city-wide default, district overrides, shadow districts and local
 * parameters, with each district's effective state and why.
 */
@Component(service = EnablementsResource.class)
@JaxrsResource
@Path("/api/v1/enablements")
@Produces(MediaType.APPLICATION_JSON)
public final class EnablementsResource {
  private final Marketplace marketplace;
  private final Enablements enablements;
  private final DistrictDirectory districts;
  private final RunEngine runs;
  private final ClueStore clues;

  @Activate
  public EnablementsResource(
      @Reference Marketplace marketplace,
      @Reference Enablements enablements,
      @Reference DistrictDirectory districts,
      @Reference RunEngine runs,
      @Reference ClueStore clues) {
    this.marketplace = marketplace;
    this.enablements = enablements;
    this.districts = districts;
    this.runs = runs;
    this.clues = clues;
  }

  @GET
  public Response list(@Context SecurityContext sc) {
    Caller.of(sc);
    Set<String> ids = new TreeSet<>();
    for (CatalogEntry e : marketplace.catalog(null, null, null)) {
      ids.add(e.modelId());
    }
    Map<String, Enablement> byId = new LinkedHashMap<>();
    for (Enablement e : enablements.all()) {
      byId.put(e.modelId(), e);
      ids.add(e.modelId());
    }
    List<Map<String, Object>> items = new ArrayList<>();
    for (String id : ids) {
      items.add(view(id, Optional.ofNullable(byId.get(id))));
    }
    return Json.ok(new Paging(0, Math.max(1, items.size())).body(items, items.size()));
  }

  @GET
  @Path("{modelId}")
  public Response get(@Context SecurityContext sc, @PathParam("modelId") String modelId) {
    Caller.of(sc);
    if (marketplace.model(modelId).isEmpty() && enablements.get(modelId).isEmpty()) {
      throw ApiException.notFound("no model '" + modelId + "'");
    }
    return Json.ok(view(modelId, enablements.get(modelId)));
  }

  @PUT
  @Path("{modelId}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response put(
      @Context SecurityContext sc, @PathParam("modelId") String modelId, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    JsonNode json = Json.object(body);
    String version = Json.text(json, "version");
    JsonNode cw = json.get("cityWide");
    if (cw == null || !cw.isBoolean()) {
      throw ApiException.badRequest("'cityWide' is required and must be true or false");
    }
    Map<String, String> ds = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : Json.map(json, "districts").entrySet()) {
      if (!(e.getValue() instanceof String s)) {
        throw ApiException.badRequest("'districts." + e.getKey() + "' must be \"on\" or \"off\"");
      }
      ds.put(e.getKey(), s);
    }
    String shadowVersion = null;
    List<String> shadowDistricts = new ArrayList<>();
    JsonNode shadow = json.get("shadow");
    if (shadow != null && !shadow.isNull()) {
      if (!shadow.isObject()) {
        throw ApiException.badRequest("'shadow' must be an object {version, districts}");
      }
      shadowVersion = Json.text(shadow, "version");
      JsonNode sd = shadow.get("districts");
      if (sd != null && !sd.isNull()) {
        if (!sd.isArray()) {
          throw ApiException.badRequest("'shadow.districts' must be an array of district codes");
        }
        for (JsonNode d : sd) {
          if (!d.isTextual()) {
            throw ApiException.badRequest("'shadow.districts' must hold district codes");
          }
          shadowDistricts.add(d.asText());
        }
      }
    }
    Map<String, Map<String, Object>> parameters = new LinkedHashMap<>();
    for (Map.Entry<String, Object> e : Json.map(json, "parameters").entrySet()) {
      if (!(e.getValue() instanceof Map<?, ?> m)) {
        throw ApiException.badRequest("'parameters." + e.getKey() + "' must be an object");
      }
      Map<String, Object> p = new LinkedHashMap<>();
      m.forEach((k, v) -> p.put(String.valueOf(k), v));
      parameters.put(e.getKey(), p);
    }
    marketplace.enable(
        modelId,
        new EnablementRequest(
            version, cw.asBoolean(), ds, shadowVersion, shadowDistricts, parameters),
        caller.user());
    return Json.ok(view(modelId, enablements.get(modelId)));
  }

  @DELETE
  @Path("{modelId}")
  public Response delete(@Context SecurityContext sc, @PathParam("modelId") String modelId) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    marketplace.disable(modelId, caller.user());
    return Response.noContent().build();
  }

  @POST
  @Path("{modelId}/rollback")
  public Response rollback(@Context SecurityContext sc, @PathParam("modelId") String modelId) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    marketplace.rollback(modelId, caller.user());
    return Json.ok(view(modelId, enablements.get(modelId)));
  }

  @GET
  @Path("{modelId}/shadow")
  public Response shadow(
      @Context SecurityContext sc,
      @PathParam("modelId") String modelId,
      @QueryParam("district") String district) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN, Role.ANALYST);
    if (district == null || district.isBlank()) {
      throw ApiException.badRequest("'district' is required");
    }
    if (!caller.user().hasAny(Role.CITY_ADMIN)) {
      caller.requireDistrict(district);
    }
    Enablement e =
        enablements
            .get(modelId)
            .orElseThrow(() -> ApiException.notFound("model '" + modelId + "' is not enabled"));
    Map<String, Object> out = new LinkedHashMap<>();
    out.put("modelId", modelId);
    out.put("district", district);
    out.put("version", e.version());
    out.put("shadowVersion", e.shadowVersion());
    out.put("inShadow", e.shadowIn(district));
    Optional<RunRecord> shadowRun = runs.latestShadowRun(modelId, district);
    Optional<RunRecord> mainRun = shadowRun.flatMap(r -> runs.get(r.shadowOf()));
    if (shadowRun.isEmpty()
        || mainRun.isEmpty()
        || !"SUCCEEDED".equals(mainRun.get().state().name())) {
      out.put("onlyCurrent", List.of());
      out.put("onlyShadow", List.of());
      out.put("both", 0);
      out.put("note", "no completed pair of runs yet: run the model in this district");
      return Json.ok(out);
    }
    SortedMap<String, List<String>> current = clues.runSet(mainRun.get().id());
    SortedMap<String, List<String>> candidate = clues.runSet(shadowRun.get().id());
    out.put("currentRun", mainRun.get().id());
    out.put("shadowRun", shadowRun.get().id());
    out.put("onlyCurrent", diff(current, candidate));
    out.put("onlyShadow", diff(candidate, current));
    Set<String> both = new LinkedHashSet<>(current.keySet());
    both.retainAll(candidate.keySet());
    out.put("both", both.size());
    return Json.ok(out);
  }

  private static List<Map<String, Object>> diff(
      SortedMap<String, List<String>> a, SortedMap<String, List<String>> b) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (Map.Entry<String, List<String>> x : a.entrySet()) {
      if (!b.containsKey(x.getKey())) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("fingerprint", x.getKey());
        m.put(
            "subject",
            String.valueOf(
                org.mingjian.platform.security.Masking.value(
                    x.getValue().get(0), org.mingjian.sdk.descriptor.Sensitivity.PERSONAL)));
        m.put("title", org.mingjian.platform.security.Masking.idsInText(x.getValue().get(1)));
        out.add(m);
      }
    }
    return out;
  }

  private Map<String, Object> view(String modelId, Optional<Enablement> en) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelId", modelId);
    m.put("version", en.map(Enablement::version).orElse(null));
    m.put("cityWide", en.map(Enablement::cityWide).orElse(false));
    Map<String, String> overrides = new LinkedHashMap<>();
    en.ifPresent(e -> e.districts().forEach((k, v) -> overrides.put(k, v ? "on" : "off")));
    m.put("districts", overrides);
    m.put(
        "shadow",
        en.filter(e -> e.shadowVersion() != null)
            .map(
                e ->
                    (Object) Map.of("version", e.shadowVersion(), "districts", e.shadowDistricts()))
            .orElse(null));
    m.put("parameters", en.map(Enablement::parameters).orElse(Map.of()));
    var quarantine = enablements.quarantine(modelId);
    m.put(
        "quarantined",
        quarantine
            .map(
                q ->
                    (Object)
                        Map.of(
                            "version", q.version(),
                            "reason", q.reason(),
                            "runId", q.runId() == null ? "" : q.runId(),
                            "at", String.valueOf(q.at())))
            .orElse(null));
    Map<String, Object> effective = new LinkedHashMap<>();
    for (var d : districts.list()) {
      if (d.code().equals(User.CITY_OFFICE)) {
        continue;
      }
      Map<String, Object> s = new LinkedHashMap<>();
      if (en.isEmpty()) {
        s.put("state", "off");
        s.put("why", "off: the model is not enabled anywhere");
      } else {
        Enablement e = en.get();
        s.put("state", !e.enabledIn(d.code()) ? "off" : e.shadowIn(d.code()) ? "shadow" : "on");
        s.put("version", e.enabledIn(d.code()) ? e.version() : null);
        s.put("why", e.explain(d.code()));
        if (e.enabledIn(d.code()) && quarantine.isPresent()) {
          s.put("state", "quarantined");
          s.put(
              "why",
              "quarantined: "
                  + quarantine.get().reason()
                  + "; a city administrator lifts it by enabling the model again");
        }
        if (e.enabledIn(d.code()) && !e.parametersFor(d.code()).isEmpty()) {
          s.put("parameters", e.parametersFor(d.code()));
        }
      }
      effective.put(d.code(), s);
    }
    m.put("effective", effective);
    m.put("updatedBy", en.map(Enablement::updatedBy).orElse(null));
    m.put(
        "updatedAt",
        en.map(e -> e.updatedAt() == null ? null : e.updatedAt().toString()).orElse(null));
    return m;
  }
}
