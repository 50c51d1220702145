package org.mingjian.platform.rest.internal;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
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
import org.mingjian.platform.clues.Recommendation;
import org.mingjian.platform.clues.Recommendations;
import org.mingjian.platform.clues.SimilarCaseGroup;
import org.mingjian.platform.clues.SimilarCases;
import org.mingjian.platform.clues.StoredClue;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.data.DatasetInfo;
import org.mingjian.platform.runtime.ModelRegistry;
import org.mingjian.platform.runtime.RegisteredModel;
import org.mingjian.platform.security.District;
import org.mingjian.platform.security.DistrictDirectory;
import org.mingjian.platform.security.Role;
import org.mingjian.sdk.descriptor.DatasetContract;
import org.mingjian.sdk.descriptor.ModelDescriptor;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Similar cases (类案): confirmed clues grouped across districts by model and pattern, for the city
 * office; and the governance recommendation (检察建议书) drafted from a group.
 */
@Component(service = SimilarCasesResource.class)
@JaxrsResource
@Path("/api/v1/similar-cases")
@Produces(MediaType.APPLICATION_JSON)
public final class SimilarCasesResource {
  private final SimilarCases similar;
  private final Recommendations recommendations;
  private final DataPool pool;
  private final ModelRegistry registry;
  private final DistrictDirectory districts;
  private final Auditor audit;

  @Activate
  public SimilarCasesResource(
      @Reference SimilarCases similar,
      @Reference Recommendations recommendations,
      @Reference DataPool pool,
      @Reference ModelRegistry registry,
      @Reference DistrictDirectory districts,
      @Reference Auditor audit) {
    this.similar = similar;
    this.recommendations = recommendations;
    this.pool = pool;
    this.registry = registry;
    this.districts = districts;
    this.audit = audit;
  }

  /** The groups, most districts first; {@code minDistricts} keeps those seen in that many. */
  @GET
  public Response list(
      @Context SecurityContext sc,
      @QueryParam("modelId") String modelId,
      @QueryParam("minDistricts") String minDistricts,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    Caller.of(sc).require(Role.CITY_ADMIN, Role.REVIEWER);
    Paging paging = Paging.of(page, size);
    int min = 1;
    if (minDistricts != null && !minDistricts.isBlank()) {
      try {
        min = Integer.parseInt(minDistricts.strip());
      } catch (NumberFormatException e) {
        throw ApiException.badRequest("'minDistricts' must be a whole number");
      }
      if (min < 1) {
        throw ApiException.badRequest("'minDistricts' must be 1 or more");
      }
    }
    String model = modelId == null || modelId.isBlank() ? null : modelId.strip();
    int atLeast = min;
    List<SimilarCaseGroup> groups =
        similar.groups(model).stream().filter(g -> g.districts() >= atLeast).toList();
    int from = (int) Math.min((long) paging.page() * paging.size(), groups.size());
    int to = Math.min(from + paging.size(), groups.size());
    List<Map<String, Object>> items = new ArrayList<>();
    for (SimilarCaseGroup g : groups.subList(from, to)) {
      items.add(view(g));
    }
    return Json.ok(paging.body(items, groups.size()));
  }

  /** Drafts and keeps a recommendation for a group; 404 when the group has no confirmed clues. */
  @POST
  @Path("{key}/recommendation")
  public Response recommend(@Context SecurityContext sc, @PathParam("key") String key) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    SimilarCaseGroup g =
        similar
            .group(key)
            .orElseThrow(() -> ApiException.notFound("no similar cases '" + key + "'"));
    Optional<RegisteredModel> model = registry.model(g.modelId());
    RecommendationDocument.Draft draft = draft(g, model, pool, this::districtName, Instant.now());
    Recommendation r =
        recommendations.create(
            g.key(), g.modelId(), g.pattern(), draft.title(), draft.markdown(), caller.getName());
    Map<String, Object> details = new LinkedHashMap<>();
    details.put("key", g.key());
    details.put("modelId", g.modelId());
    details.put("total", g.total());
    details.put("districts", List.copyOf(g.byDistrict().keySet()));
    audit.record(caller, "recommendation.created", r.id(), details);
    return Json.status(201, RecommendationsResource.view(r));
  }

  private Map<String, Object> view(SimilarCaseGroup g) {
    Optional<RegisteredModel> model = registry.model(g.modelId());
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("key", g.key());
    m.put("modelId", g.modelId());
    m.put("modelName", model.map(x -> x.descriptor().name()).orElse(g.modelId()));
    m.put("pattern", g.pattern());
    m.put(
        "patternDescription",
        RecommendationDocument.describe(g.pattern(), model.map(RegisteredModel::descriptor)));
    m.put("districts", g.byDistrict());
    m.put("districtCount", g.districts());
    m.put("total", g.total());
    m.put("dispositions", g.dispositions());
    m.put("firstConfirmedAt", g.firstConfirmed().toString());
    m.put("lastConfirmedAt", g.lastConfirmed().toString());
    m.put("examples", examples(g, model, pool));
    return m;
  }

  /** The draft for a group: examples masked as in the clue list. */
  static RecommendationDocument.Draft draft(
      SimilarCaseGroup g,
      Optional<RegisteredModel> model,
      DataPool pool,
      java.util.function.Function<String, String> districtName,
      Instant now) {
    return RecommendationDocument.draft(
        g,
        model.map(RegisteredModel::descriptor),
        owners(model.map(RegisteredModel::descriptor), pool),
        districtName,
        examples(g, model, pool),
        now);
  }

  private static List<Map<String, Object>> examples(
      SimilarCaseGroup g, Optional<RegisteredModel> model, DataPool pool) {
    List<Map<String, Object>> out = new ArrayList<>();
    for (StoredClue c : g.examples()) {
      out.add(Views.clue(c, false, pool, model));
    }
    return out;
  }

  private String districtName(String code) {
    return districts.find(code).map(District::name).orElse(code);
  }

  /** The departments owning the model's datasets, as registered, in the model's order. */
  static List<String> owners(Optional<ModelDescriptor> model, DataPool pool) {
    Set<String> out = new LinkedHashSet<>();
    for (DatasetContract ds : model.map(ModelDescriptor::datasets).orElse(List.of())) {
      pool.dataset(ds.name())
          .map(DatasetInfo::definition)
          .map(d -> d.owner())
          .filter(o -> o != null && !o.isBlank())
          .ifPresent(o -> out.add(o.strip()));
    }
    return List.copyOf(out);
  }
}
