package org.mingjian.platform.rest.internal;

import java.util.Map;

/** An error answer of the API: status, stable code, human message, details. */
public final class ApiException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final int status;
  private final String code;
  private final transient Map<String, ?> details;

  ApiException(int status, String code, String message, Map<String, ?> details) {
    super(message);
    this.status = status;
    this.code = code;
    this.details = details == null ? Map.of() : details;
  }

  static ApiException badRequest(String message) {
    return new ApiException(400, "malformed", message, Map.of());
  }

  static ApiException unauthorized(String message) {
    return new ApiException(401, "unauthenticated", message, Map.of());
  }

  static ApiException forbidden(String message) {
    return new ApiException(403, "forbidden", message, Map.of());
  }

  static ApiException notFound(String what) {
    return new ApiException(404, "not_found", what, Map.of());
  }

  static ApiException conflict(String message) {
    return new ApiException(409, "conflict", message, Map.of());
  }

  static ApiException conflict(String message, Map<String, ?> details) {
    return new ApiException(409, "conflict", message, details);
  }

  static ApiException invalid(String message, Map<String, ?> details) {
    return new ApiException(422, "invalid", message, details);
  }

  int status() {
    return status;
  }

  String code() {
    return code;
  }

  Map<String, ?> details() {
    return details;
  }
}
