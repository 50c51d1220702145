package org.mingjian.platform.rest.internal;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.runtime.ModelRegistry;
import org.mingjian.platform.runtime.RegisteredModel;
import org.mingjian.platform.security.User;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The models the caller can run now, with their parameter schema. */
@Component(service = ModelsResource.class)
@JaxrsResource
@Path("/api/v1/models")
@Produces(MediaType.APPLICATION_JSON)
public final class ModelsResource {
  private final ModelRegistry registry;
  private final Enablements enablements;

  @Activate
  public ModelsResource(@Reference ModelRegistry registry, @Reference Enablements enablements) {
    this.registry = registry;
    this.enablements = enablements;
  }

  @GET
  public Response list(@Context SecurityContext sc) {
    User user = Caller.of(sc).user();
    List<Map<String, Object>> items = new ArrayList<>();
    boolean cityOffice = user.district().equals(User.CITY_OFFICE);
    for (RegisteredModel m : registry.models()) {
      var en = enablements.get(m.descriptor().id());
      if (!m.runnable() || en.isEmpty()) {
        continue;
      }
      String version = en.get().version();
      if (version != null && !version.equals(m.descriptor().version())) {
        continue; // another version installed beside it (a shadow), not the one in force
      }
      if (cityOffice || en.get().enabledIn(user.district())) {
        items.add(Views.model(m));
      }
    }
    return Json.ok(new Paging(0, Math.max(1, items.size())).body(items, items.size()));
  }
}
