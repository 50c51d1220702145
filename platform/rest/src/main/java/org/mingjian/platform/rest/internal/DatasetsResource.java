package org.mingjian.platform.rest.internal;

import java.util.List;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.PathParam;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.data.DataPool;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The datasets of the data pool: schema, sensitivity, current version. */
@Component(service = DatasetsResource.class)
@JaxrsResource
@Path("/api/v1/datasets")
@Produces(MediaType.APPLICATION_JSON)
public final class DatasetsResource {
  private final DataPool pool;

  @Activate
  public DatasetsResource(@Reference DataPool pool) {
    this.pool = pool;
  }

  @GET
  public Response list(@Context SecurityContext sc) {
    Caller.of(sc);
    List<Map<String, Object>> items = pool.datasets().stream().map(Views::dataset).toList();
    return Json.ok(new Paging(0, Math.max(1, items.size())).body(items, items.size()));
  }

  @GET
  @Path("{name}")
  public Response get(@Context SecurityContext sc, @PathParam("name") String name) {
    Caller.of(sc);
    return Json.ok(
        Views.dataset(
            pool.dataset(name)
                .orElseThrow(() -> ApiException.notFound("no dataset '" + name + "'"))));
  }
}
