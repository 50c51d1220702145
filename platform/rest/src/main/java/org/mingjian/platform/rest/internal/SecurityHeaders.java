package org.mingjian.platform.rest.internal;

import javax.ws.rs.container.ContainerRequestContext;
import javax.ws.rs.container.ContainerResponseContext;
import javax.ws.rs.container.ContainerResponseFilter;
import javax.ws.rs.core.MultivaluedMap;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;

/** Headers that keep API answers out of frames, caches and content sniffing. */
@Component(service = ContainerResponseFilter.class)
@JaxrsExtension
@JaxrsName("mingjian.headers")
public final class SecurityHeaders implements ContainerResponseFilter {
  @Override
  public void filter(ContainerRequestContext request, ContainerResponseContext response) {
    MultivaluedMap<String, Object> h = response.getHeaders();
    h.putSingle("X-Content-Type-Options", "nosniff");
    h.putSingle("X-Frame-Options", "DENY");
    h.putSingle("Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'");
    h.putSingle("Cache-Control", "no-store");
  }
}
