package org.mingjian.platform.rest.internal;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.POST;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.QueryParam;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.audit.AuditEntry;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.audit.AuditPage;
import org.mingjian.platform.audit.AuditQuery;
import org.mingjian.platform.audit.Checkpoint;
import org.mingjian.platform.audit.VerifyResult;
import org.mingjian.platform.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The audit trail for auditors: search, verify the chain, signed checkpoints. */
@Component(service = AuditResource.class)
@JaxrsResource
@Path("/api/v1/audit")
@Produces(MediaType.APPLICATION_JSON)
public final class AuditResource {
  private final AuditLog log;
  private final Auditor audit;

  @Activate
  public AuditResource(@Reference AuditLog log, @Reference Auditor audit) {
    this.log = log;
    this.audit = audit;
  }

  @GET
  public Response search(
      @Context SecurityContext sc,
      @QueryParam("from") String from,
      @QueryParam("to") String to,
      @QueryParam("actor") String actor,
      @QueryParam("action") String action,
      @QueryParam("page") String page,
      @QueryParam("size") String size) {
    Caller.of(sc).require(Role.AUDITOR);
    Paging paging = Paging.of(page, size);
    AuditPage result =
        log.search(
            new AuditQuery(instant(from, "from"), instant(to, "to"), actor, action),
            paging.page(),
            paging.size());
    List<Map<String, Object>> items = result.items().stream().map(AuditResource::entry).toList();
    return Json.ok(paging.body(items, result.total()));
  }

  @GET
  @Path("verify")
  public Response verify(@Context SecurityContext sc) {
    Caller caller = Caller.of(sc).require(Role.AUDITOR);
    VerifyResult r = log.verify();
    audit.record(
        caller, "audit.verified", "audit", Map.of("valid", r.valid(), "entries", r.entries()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("valid", r.valid());
    m.put("entries", r.entries());
    m.put("firstBrokenSeq", r.firstBrokenSeq());
    m.put("headHash", r.headHash());
    m.put("reason", r.reason());
    return Json.ok(m);
  }

  @GET
  @Path("checkpoints")
  public Response checkpoints(@Context SecurityContext sc) {
    Caller.of(sc).require(Role.AUDITOR);
    return Response.ok(log.exportCheckpoints(), MediaType.APPLICATION_JSON_TYPE).build();
  }

  @POST
  @Path("checkpoints")
  public Response checkpoint(@Context SecurityContext sc) {
    Caller caller = Caller.of(sc).require(Role.AUDITOR);
    Checkpoint c = log.checkpoint();
    audit.record(
        caller, "audit.checkpoint", Long.toString(c.seq()), Map.of("headHash", c.headHash()));
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", c.seq());
    m.put("headHash", c.headHash());
    m.put("at", c.at().toString());
    m.put("algorithm", c.algorithm());
    m.put("signature", c.signature());
    m.put("publicKeyFingerprint", c.publicKeyFingerprint());
    return Json.status(201, m);
  }

  private static Instant instant(String value, String name) {
    if (value == null || value.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(value.trim());
    } catch (DateTimeParseException e) {
      throw ApiException.badRequest(
          "'" + name + "' must be an ISO-8601 instant such as 2026-01-31T00:00:00Z");
    }
  }

  static Map<String, Object> entry(AuditEntry e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("seq", e.seq());
    m.put("at", e.at().toString());
    m.put("actor", e.actor());
    m.put("district", e.district());
    m.put("action", e.action());
    m.put("target", e.target());
    m.put("details", e.details());
    m.put("prevHash", e.prevHash());
    m.put("hash", e.hash());
    return m;
  }
}
