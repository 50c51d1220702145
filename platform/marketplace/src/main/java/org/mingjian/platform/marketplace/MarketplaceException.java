package org.mingjian.platform.marketplace;

import java.util.Map;

/** A marketplace request refused, with the HTTP-like reason and details for the caller. */
public class MarketplaceException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** Why a request is refused. */
  public enum Kind {
    /** 400: the request itself is malformed. */
    MALFORMED,
    /** 403: the caller's role or district does not allow it. */
    FORBIDDEN,
    /** 404: no such submission, model or version. */
    NOT_FOUND,
    /** 409: conflicts with the current state. */
    CONFLICT,
    /** 413: too large. */
    TOO_LARGE,
    /** 422: understood but invalid (a validation report is in the details). */
    INVALID
  }

  private final Kind kind;
  private final transient Map<String, ?> details;

  /**
   * @param kind why
   * @param message a sentence for the caller
   * @param details machine-readable details, possibly empty
   */
  public MarketplaceException(Kind kind, String message, Map<String, ?> details) {
    super(message);
    this.kind = kind;
    this.details = details == null ? Map.of() : details;
  }

  /**
   * @param kind why
   * @param message a sentence for the caller
   */
  public MarketplaceException(Kind kind, String message) {
    this(kind, message, Map.of());
  }

  /**
   * @return why
   */
  public Kind kind() {
    return kind;
  }

  /**
   * @return details for the caller
   */
  public Map<String, ?> details() {
    return details;
  }
}
