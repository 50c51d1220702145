package org.mingjian.platform.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.PUT;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.clues.Recommendation;
import org.mingjian.platform.clues.Recommendations;
import org.mingjian.platform.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/**
 * Governance recommendations drafted from similar cases: read, edit (each edit kept with who and
 * when) and download as Markdown. Edits and downloads are audited.
 */
@Component(service = RecommendationsResource.class)
@JaxrsResource
@Path("/api/v1/recommendations")
@Produces(MediaType.APPLICATION_JSON)
public final class RecommendationsResource {
  private final Recommendations recommendations;
  private final Auditor audit;

  @Activate
  public RecommendationsResource(
      @Reference Recommendations recommendations, @Reference Auditor audit) {
    this.recommendations = recommendations;
    this.audit = audit;
  }

  @GET
  @Path("{id}")
  public Response get(@Context SecurityContext sc, @PathParam("id") String id) {
    Caller.of(sc).require(Role.CITY_ADMIN, Role.REVIEWER);
    return Json.ok(view(find(id)));
  }

  /** The document as a Markdown file; every download is in the audit chain. */
  @GET
  @Path("{id}/document")
  @Produces({"text/markdown", MediaType.APPLICATION_JSON})
  public Response document(@Context SecurityContext sc, @PathParam("id") String id) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN, Role.REVIEWER);
    Recommendation r = find(id);
    byte[] body = r.markdown().getBytes(StandardCharsets.UTF_8);
    audit.record(
        caller,
        "recommendation.downloaded",
        r.id(),
        Map.of("key", r.key(), "revision", r.edits().size() + 1, "bytes", body.length));
    return Response.ok(body)
        .type("text/markdown; charset=UTF-8")
        .header("Content-Disposition", "attachment; filename=\"recommendation-" + r.id() + ".md\"")
        .build();
  }

  /** Replaces the text; the earlier text is kept as a revision. */
  @PUT
  @Path("{id}")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response edit(@Context SecurityContext sc, @PathParam("id") String id, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    find(id);
    JsonNode json = Json.object(body);
    JsonNode md = json.get("markdown");
    if (md == null || md.isNull()) {
      throw ApiException.invalid("the new text is required", Map.of("markdown", "required"));
    }
    if (!md.isTextual()) {
      throw ApiException.badRequest("'markdown' must be a string");
    }
    String text = md.asText();
    if (text.isBlank()) {
      throw ApiException.invalid("the document is empty", Map.of("markdown", "empty"));
    }
    if (text.length() > Recommendations.MAX_MARKDOWN) {
      throw ApiException.invalid(
          "the document is longer than " + Recommendations.MAX_MARKDOWN + " characters",
          Map.of("markdown", "too long"));
    }
    Recommendation r =
        recommendations
            .update(id, text, caller.getName())
            .orElseThrow(() -> ApiException.notFound("no recommendation '" + id + "'"));
    audit.record(
        caller,
        "recommendation.edited",
        r.id(),
        Map.of("key", r.key(), "revision", r.edits().size() + 1, "length", text.length()));
    return Json.ok(view(r));
  }

  private Recommendation find(String id) {
    return recommendations
        .get(id)
        .orElseThrow(() -> ApiException.notFound("no recommendation '" + id + "'"));
  }

  static Map<String, Object> view(Recommendation r) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", r.id());
    m.put("key", r.key());
    m.put("modelId", r.modelId());
    m.put("pattern", r.pattern());
    m.put("title", r.title());
    m.put("markdown", r.markdown());
    m.put("createdAt", r.createdAt().toString());
    m.put("createdBy", r.createdBy());
    List<Map<String, Object>> edits = new ArrayList<>();
    for (Recommendation.Edit e : r.edits()) {
      edits.add(Map.of("revision", e.revision(), "at", e.at().toString(), "by", e.by()));
    }
    m.put("edits", edits);
    Recommendation.Edit last = r.edits().isEmpty() ? null : r.edits().get(r.edits().size() - 1);
    m.put("updatedAt", last == null ? r.createdAt().toString() : last.at().toString());
    m.put("updatedBy", last == null ? r.createdBy() : last.by());
    return m;
  }
}
