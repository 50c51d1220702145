package org.mingjian.platform.rest.internal;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.ws.rs.GET;
import javax.ws.rs.Path;
import javax.ws.rs.Produces;
import javax.ws.rs.core.Context;
import javax.ws.rs.core.MediaType;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.SecurityContext;
import org.mingjian.platform.data.Ingestions;
import org.mingjian.platform.security.Role;
import org.mingjian.sdk.connector.ConfigField;
import org.mingjian.sdk.connector.Connector;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsResource;

/** The installed data connectors and the configuration each accepts, for data stewards. */
@Component(service = ConnectorsResource.class)
@JaxrsResource
@Path("/api/v1/connectors")
@Produces(MediaType.APPLICATION_JSON)
public final class ConnectorsResource {
  private final Ingestions ingestions;

  @Activate
  public ConnectorsResource(@Reference Ingestions ingestions) {
    this.ingestions = ingestions;
  }

  @GET
  public Response list(@Context SecurityContext sc) {
    Caller.of(sc).require(Role.DATA_STEWARD);
    List<Map<String, Object>> items = new ArrayList<>();
    for (Connector c : ingestions.connectors()) {
      List<Map<String, Object>> fields = new ArrayList<>();
      for (ConfigField f : c.configSchema()) {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("name", f.name());
        fm.put("type", f.type().name().toLowerCase(Locale.ROOT));
        fm.put("required", f.required());
        fm.put("secret", f.secret());
        fm.put("description", f.description());
        fields.add(fm);
      }
      items.add(Map.of("name", c.name(), "config", fields));
    }
    return Json.ok(new Paging(0, Math.max(1, items.size())).body(items, items.size()));
  }
}
