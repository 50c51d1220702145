package org.mingjian.platform.rest.internal;

import java.util.LinkedHashMap;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.data.Ingestion;
import org.mingjian.platform.data.Ingestions;
import org.mingjian.platform.security.Role;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** Where an upload's load is: state, progress, counts and rejection reasons. */
@Component(service = IngestionsResource.class)
@JaxrsResource
@Path("/api/v1/ingestions")
@Produces(MediaType.APPLICATION_JSON)
public final class IngestionsResource {
  private final Ingestions ingestions;

  @Activate
  public IngestionsResource(@Reference Ingestions ingestions) {
    this.ingestions = ingestions;
  }

  @GET
  @Path("{id}")
  public Response get(@Context SecurityContext sc, @PathParam("id") String id) {
    Caller.of(sc).require(Role.DATA_STEWARD);
    return Json.ok(
        view(
            ingestions
                .get(id)
                .orElseThrow(() -> ApiException.notFound("no ingestion '" + id + "'"))));
  }

  static Map<String, Object> view(Ingestion i) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("id", i.id());
    m.put("dataset", i.dataset());
    m.put("state", i.state().name());
    m.put("progress", i.progress());
    m.put("rowsRead", i.rowsRead());
    m.put("rowsLoaded", i.rowsLoaded());
    m.put("rowsRejected", i.rowsRejected());
    m.put("errors", i.errors());
    m.put("version", i.version());
    m.put("created", i.created());
    m.put("encoding", i.encoding());
    m.put("connector", i.connector());
    m.put("submittedBy", i.submittedBy());
    m.put("submittedAt", i.submittedAt().toString());
    m.put("finishedAt", i.finishedAt() == null ? null : i.finishedAt().toString());
    return m;
  }
}
