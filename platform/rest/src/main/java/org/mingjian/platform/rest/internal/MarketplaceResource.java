package org.mingjian.platform.rest.internal;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.Consumes;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.marketplace.CatalogEntry;
import org.mingjian.platform.marketplace.Marketplace;
import org.mingjian.platform.marketplace.ModelVersion;
import org.mingjian.platform.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The marketplace: submissions, review, catalog, artifacts, revocation and transfer packages. */
@Component(service = MarketplaceResource.class)
@JaxrsResource
@Path("/api/v1/marketplace")
@Produces(MediaType.APPLICATION_JSON)
public final class MarketplaceResource {
  static final String JAR = "application/java-archive";
  private static final long MAX_UPLOAD = 64L << 20;
  private final Marketplace marketplace;

  @Activate
  public MarketplaceResource(@Reference Marketplace marketplace) {
    this.marketplace = marketplace;
  }

  @POST
  @Path("submissions")
  @Consumes(MediaType.WILDCARD)
  public Response submit(
      @Context SecurityContext sc, @Context HttpHeaders headers, InputStream body)
      throws IOException {
    Caller caller = Caller.of(sc).require(Role.DISTRICT_PUBLISHER);
    MediaType type = headers.getMediaType();
    byte[] jar;
    byte[] signature = null;
    if (type != null && type.isCompatible(MediaType.MULTIPART_FORM_DATA_TYPE)) {
      Map<String, byte[]> parts = Multipart.parts(type, body, MAX_UPLOAD);
      jar = parts.get("bundle");
      if (jar == null) {
        throw ApiException.badRequest("the multipart body has no 'bundle' part");
      }
      signature = parts.get("signature");
    } else if (type != null
        && (type.isCompatible(MediaType.valueOf(JAR))
            || type.isCompatible(MediaType.APPLICATION_OCTET_STREAM_TYPE))) {
      jar = body.readAllBytes();
    } else {
      throw new ApiException(
          415,
          "unsupported_media_type",
          "send the bundle as application/java-archive, or multipart/form-data with a 'bundle' part",
          Map.of());
    }
    ModelVersion v = marketplace.submit(jar, signature, caller.user());
    return Json.status(201, version(v));
  }

  @GET
  @Path("submissions")
  public Response submissions(
      @Context SecurityContext sc,
      @QueryParam("state") String state,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    Caller caller = Caller.of(sc);
    Paging paging = Paging.of(page, size);
    List<ModelVersion> all = marketplace.submissions(state, caller.user());
    List<Map<String, Object>> items = new ArrayList<>();
    int from = paging.page() * paging.size();
    for (int i = from; i < Math.min(all.size(), from + paging.size()); i++) {
      items.add(version(all.get(i)));
    }
    return Json.ok(paging.body(items, all.size()));
  }

  @GET
  @Path("submissions/{id}")
  public Response submission(@Context SecurityContext sc, @PathParam("id") String id) {
    return Json.ok(version(marketplace.submission(id, Caller.of(sc).user())));
  }

  @POST
  @Path("submissions/{id}/approve")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response approve(@Context SecurityContext sc, @PathParam("id") String id, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.REVIEWER);
    String comment =
        body == null || body.length == 0 ? null : Json.text(Json.object(body), "comment");
    return Json.ok(version(marketplace.approve(id, comment, caller.user())));
  }

  @POST
  @Path("submissions/{id}/reject")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response reject(@Context SecurityContext sc, @PathParam("id") String id, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.REVIEWER);
    String comment = Json.text(Json.object(body), "comment");
    return Json.ok(version(marketplace.reject(id, comment, caller.user())));
  }

  @POST
  @Path("submissions/{id}/dry-run")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response dryRun(@Context SecurityContext sc, @PathParam("id") String id, byte[] body) {
    Caller caller = Caller.of(sc).require(Role.REVIEWER);
    JsonNode json = Json.object(body);
    String district = Json.text(json, "district");
    Map<String, Object> parameters = Json.map(json, "parameters");
    return Json.ok(marketplace.dryRun(id, district, parameters, caller.user()));
  }

  @GET
  @Path("models")
  public Response catalog(
      @Context SecurityContext sc,
      @QueryParam("q") String q,
      @QueryParam("businessLine") String businessLine,
      @QueryParam("district") String district,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    Caller.of(sc);
    Paging paging = Paging.of(page, size);
    List<CatalogEntry> all = marketplace.catalog(blank(q), blank(businessLine), blank(district));
    List<Map<String, Object>> items = new ArrayList<>();
    int from = paging.page() * paging.size();
    for (int i = from; i < Math.min(all.size(), from + paging.size()); i++) {
      items.add(entry(all.get(i), false));
    }
    return Json.ok(paging.body(items, all.size()));
  }

  @GET
  @Path("models/{modelId}")
  public Response model(@Context SecurityContext sc, @PathParam("modelId") String modelId) {
    Caller.of(sc);
    return Json.ok(
        entry(
            marketplace
                .model(modelId)
                .orElseThrow(() -> ApiException.notFound("no model '" + modelId + "'")),
            true));
  }

  @GET
  @Path("models/{modelId}/versions/{version}/artifact")
  @Produces({JAR, MediaType.APPLICATION_JSON})
  public Response artifact(
      @Context SecurityContext sc,
      @PathParam("modelId") String modelId,
      @PathParam("version") String version) {
    Caller caller = Caller.of(sc).require(Role.REVIEWER, Role.CITY_ADMIN);
    Map.Entry<ModelVersion, byte[]> a = marketplace.artifact(modelId, version, caller.user());
    return Response.ok(a.getValue(), JAR)
        .header("X-Content-SHA256", a.getKey().sha256())
        .header(
            "Content-Disposition",
            "attachment; filename=\"" + a.getKey().modelId() + "-" + version + ".jar\"")
        .build();
  }

  @POST
  @Path("models/{modelId}/versions/{version}/revoke")
  @Consumes(MediaType.APPLICATION_JSON)
  public Response revoke(
      @Context SecurityContext sc,
      @PathParam("modelId") String modelId,
      @PathParam("version") String version,
      byte[] body) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    String reason = Json.text(Json.object(body), "reason");
    return Json.ok(version(marketplace.revoke(modelId, version, reason, caller.user())));
  }

  @GET
  @Path("models/{modelId}/versions/{version}/package")
  @Produces({"application/zip", MediaType.APPLICATION_JSON})
  public Response exportPackage(
      @Context SecurityContext sc,
      @PathParam("modelId") String modelId,
      @PathParam("version") String version) {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    byte[] pkg = marketplace.exportPackage(modelId, version, caller.user());
    return Response.ok(pkg, "application/zip")
        .header(
            "Content-Disposition",
            "attachment; filename=\"" + modelId + "-" + version + ".mingjian.zip\"")
        .build();
  }

  @POST
  @Path("imports")
  @Consumes(MediaType.WILDCARD)
  public Response importPackage(@Context SecurityContext sc, InputStream body) throws IOException {
    Caller caller = Caller.of(sc).require(Role.CITY_ADMIN);
    byte[] pkg = body.readAllBytes();
    if (pkg.length == 0) {
      throw ApiException.badRequest("the body holds no package");
    }
    return Json.status(201, version(marketplace.importPackage(pkg, caller.user())));
  }

  private static String blank(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }

  static Map<String, Object> version(ModelVersion v) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", v.id());
    m.put("modelId", v.modelId());
    m.put("version", v.version());
    m.put("state", v.state());
    m.put("origin", v.origin());
    m.put("name", v.name());
    m.put("kind", v.kind());
    m.put("authorDistrict", v.authorDistrict());
    m.put("submittedBy", v.submittedBy());
    m.put("submittedAt", v.submittedAt().toString());
    m.put("sha256", v.sha256());
    m.put("sizeBytes", v.sizeBytes());
    m.put("symbolicName", v.symbolicName());
    m.put("bundleVersion", v.bundleVersion());
    m.put("datasets", v.datasets());
    List<Map<String, Object>> report = new ArrayList<>();
    v.report()
        .forEach(
            c ->
                report.add(
                    Map.of(
                        "check", c.check(),
                        "outcome", c.outcome().name(),
                        "message", c.message() == null ? "" : c.message())));
    m.put("report", report);
    m.put("reviewedBy", v.reviewedBy());
    m.put("reviewedAt", v.reviewedAt() == null ? null : v.reviewedAt().toString());
    m.put("reviewComment", v.reviewComment());
    if (v.revokedAt() != null) {
      m.put("revokedBy", v.revokedBy());
      m.put("revokedAt", v.revokedAt().toString());
      m.put("revokeReason", v.revokeReason());
    }
    return m;
  }

  static Map<String, Object> entry(CatalogEntry e, boolean detail) {
    ModelVersion l = e.latest();
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("modelId", e.modelId());
    m.put("name", l.name());
    m.put("supervisionPoint", l.supervisionPoint());
    m.put("businessLine", l.businessLine());
    m.put("kind", l.kind());
    m.put("authorDistrict", l.authorDistrict());
    m.put("latestVersion", l.version());
    List<Object> versions = new ArrayList<>();
    for (ModelVersion v : e.versions()) {
      if (detail) {
        versions.add(version(v));
      } else {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("version", v.version());
        s.put("state", v.state());
        s.put("origin", v.origin());
        s.put("submittedAt", v.submittedAt().toString());
        versions.add(s);
      }
    }
    m.put("versions", versions);
    m.put("datasets", l.datasets());
    m.put("enabledIn", e.enabledIn());
    m.put("metrics", e.metrics());
    if (e.quarantine() != null) {
      // the catalog says why a model's runs are refused until a city administrator re-enables it
      Map<String, Object> q = new LinkedHashMap<>();
      q.put("version", e.quarantine().version());
      q.put("reason", e.quarantine().reason());
      q.put("runId", e.quarantine().runId());
      q.put("at", e.quarantine().at() == null ? null : e.quarantine().at().toString());
      m.put("quarantined", q);
    }
    if (detail) {
      m.put("metricsByDistrict", e.byDistrict());
    }
    return m;
  }
}
