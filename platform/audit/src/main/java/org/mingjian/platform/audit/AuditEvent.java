package org.mingjian.platform.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Something to audit.
 *
 * @param actor who did it: a username, {@link #SYSTEM} or {@link #ANONYMOUS}; at most 128
 *     characters
 * @param district the district it concerns, or {@code null}; at most 16 characters
 * @param action a stable dotted code such as {@code auth.login.succeeded}, {@code
 *     auth.login.failed}, {@code run.started}, {@code run.finished}, {@code data.read}, {@code
 *     clue.revealed}, {@code user.created}: lower-case letters, digits and {@code _}, segments
 *     separated by dots; at most 128 characters
 * @param target what it was done to (a run id, a username, a dataset), or {@code null}; at most
 *     1000 characters
 * @param details more facts as JSON-like values (strings, numbers, booleans, null, lists, maps;
 *     other values are written as their JSON form or their text); never {@code null}, at most 64
 *     KiB once written as JSON
 */
public record AuditEvent(
    String actor, String district, String action, String target, Map<String, Object> details) {

  /** The actor of what the platform does by itself. */
  public static final String SYSTEM = "system";

  /** The actor of a request without a known user, such as a failed login for an unknown name. */
  public static final String ANONYMOUS = "anonymous";

  /** Copies the details; {@code null} details are empty. */
  public AuditEvent {
    details =
        details == null || details.isEmpty()
            ? Map.of()
            : Collections.unmodifiableMap(new LinkedHashMap<>(details));
  }

  /**
   * An event without details.
   *
   * @param actor who
   * @param district which district, or {@code null}
   * @param action the action code
   * @param target to what, or {@code null}
   */
  public AuditEvent(String actor, String district, String action, String target) {
    this(actor, district, action, target, Map.of());
  }
}
