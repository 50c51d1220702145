package org.mingjian.platform.rest.internal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * After {@value #LIMIT} consecutive failed logins for one username within 15 minutes, further
 * attempts for that username are refused for a cool-down; other usernames are unaffected.
 */
final class LoginThrottle {
  static final int LIMIT = 10;
  static final Duration WINDOW = Duration.ofMinutes(15);
  private final Map<String, Failures> failures = new ConcurrentHashMap<>();
  private final Clock clock;

  private record Failures(int count, Instant first) {}

  LoginThrottle(Clock clock) {
    this.clock = clock;
  }

  boolean blocked(String username) {
    Failures f = failures.get(username);
    if (f == null) {
      return false;
    }
    if (clock.instant().isAfter(f.first().plus(WINDOW))) {
      failures.remove(username, f);
      return false;
    }
    return f.count() >= LIMIT;
  }

  void failed(String username) {
    Instant now = clock.instant();
    failures.compute(
        username,
        (k, f) ->
            f == null || now.isAfter(f.first().plus(WINDOW))
                ? new Failures(1, now)
                : new Failures(f.count() + 1, f.first()));
    if (failures.size() > 100_000) {
      failures.entrySet().removeIf(e -> now.isAfter(e.getValue().first().plus(WINDOW)));
    }
  }

  void succeeded(String username) {
    failures.remove(username);
  }
}
