package org.mingjian.platform.rest.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import javax.ws.rs.WebApplicationException;
import javax.ws.rs.core.Response;
import javax.ws.rs.ext.ExceptionMapper;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsExtension;
import org.osgi.service.jaxrs.whiteboard.propertytypes.JaxrsName;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Every failure becomes the API's error JSON; nothing leaks a stack trace. */
final class ErrorMappers {
  private static final Logger LOG = LoggerFactory.getLogger(ErrorMappers.class);

  private ErrorMappers() {}

  /** Our own errors. */
  @Component(service = ExceptionMapper.class)
  @JaxrsExtension
  @JaxrsName("mingjian.errors.api")
  public static final class Api implements ExceptionMapper<ApiException> {
    @Override
    public Response toResponse(ApiException e) {
      return Json.error(e.status(), e.code(), e.getMessage(), e.details());
    }
  }

  /** Refusals of the marketplace. */
  @Component(service = ExceptionMapper.class)
  @JaxrsExtension
  @JaxrsName("mingjian.errors.marketplace")
  public static final class MarketplaceErrors
      implements ExceptionMapper<org.mingjian.platform.marketplace.MarketplaceException> {
    @Override
    public Response toResponse(org.mingjian.platform.marketplace.MarketplaceException e) {
      return switch (e.kind()) {
        case MALFORMED -> Json.error(400, "malformed", e.getMessage(), e.details());
        case FORBIDDEN -> Json.error(403, "forbidden", e.getMessage(), e.details());
        case NOT_FOUND -> Json.error(404, "not_found", e.getMessage(), e.details());
        case CONFLICT -> Json.error(409, "conflict", e.getMessage(), e.details());
        case TOO_LARGE -> Json.error(413, "too_large", e.getMessage(), e.details());
        case INVALID -> Json.error(422, "invalid", e.getMessage(), e.details());
      };
    }
  }

  /** JSON the framework could not read. */
  @Component(service = ExceptionMapper.class)
  @JaxrsExtension
  @JaxrsName("mingjian.errors.json")
  public static final class JsonErrors implements ExceptionMapper<JsonProcessingException> {
    @Override
    public Response toResponse(JsonProcessingException e) {
      return Json.error(
          400, "malformed", "the body is not valid JSON: " + e.getOriginalMessage(), null);
    }
  }

  /** Errors the JAX-RS runtime raises: unknown paths, wrong methods or media types. */
  @Component(service = ExceptionMapper.class)
  @JaxrsExtension
  @JaxrsName("mingjian.errors.web")
  public static final class Web implements ExceptionMapper<WebApplicationException> {
    @Override
    public Response toResponse(WebApplicationException e) {
      int status = e.getResponse() != null ? e.getResponse().getStatus() : 500;
      String code =
          switch (status) {
            case 400 -> "malformed";
            case 401 -> "unauthenticated";
            case 403 -> "forbidden";
            case 404 -> "not_found";
            case 405 -> "method_not_allowed";
            case 406 -> "not_acceptable";
            case 413 -> "too_large";
            case 415 -> "unsupported_media_type";
            default -> status >= 500 ? "internal_error" : "error";
          };
      if (status >= 500) {
        LOG.error("Request failed", e);
        return Json.error(status, code, "internal error", null);
      }
      String message = status == 404 ? "no such resource" : e.getMessage();
      return Json.error(status, code, message, null);
    }
  }

  /** Anything else is our bug: log it, answer 500 without details. */
  @Component(service = ExceptionMapper.class)
  @JaxrsExtension
  @JaxrsName("mingjian.errors.other")
  public static final class Other implements ExceptionMapper<Exception> {
    @Override
    public Response toResponse(Exception e) {
      if (e instanceof ApiException a) {
        return new Api().toResponse(a);
      }
      if (e instanceof JsonProcessingException j) {
        return new JsonErrors().toResponse(j);
      }
      if (e instanceof WebApplicationException w) {
        return new Web().toResponse(w);
      }
      LOG.error("Request failed", e);
      return Json.error(500, "internal_error", "internal error", null);
    }
  }
}
