package org.mingjian.platform.rest.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class LoginThrottleTest {

  /** A clock the test moves by hand. */
  private static final class MutableClock extends Clock {
    private Instant now = Instant.parse("2024-03-01T09:00:00Z");

    void advance(Duration d) {
      now = now.plus(d);
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  private final MutableClock clock = new MutableClock();
  private final LoginThrottle throttle = new LoginThrottle(clock);

  private void fail(String user, int times) {
    for (int i = 0; i < times; i++) {
      throttle.failed(user);
      clock.advance(Duration.ofSeconds(5));
    }
  }

  @Test
  void tenFailuresBlockTheUsername() {
    assertFalse(throttle.blocked("alice"));
    fail("alice", 9);
    assertFalse(throttle.blocked("alice"), "blocked after 9 failures");
    fail("alice", 1);
    assertTrue(throttle.blocked("alice"), "not blocked after 10 failures");
  }

  @Test
  void otherUsernamesAreUnaffected() {
    fail("alice", 10);
    assertTrue(throttle.blocked("alice"));
    assertFalse(throttle.blocked("bob"));
    assertFalse(throttle.blocked("Alice"));
    fail("bob", 9);
    assertFalse(throttle.blocked("bob"));
  }

  @Test
  void successResetsTheCount() {
    fail("alice", 9);
    throttle.succeeded("alice");
    fail("alice", 9);
    assertFalse(throttle.blocked("alice"), "failures before the success still counted");
    fail("alice", 1);
    assertTrue(throttle.blocked("alice"));
  }

  @Test
  void blockEndsAfterFifteenMinutes() {
    fail("alice", 10);
    clock.advance(Duration.ofMinutes(14));
    assertTrue(throttle.blocked("alice"), "unblocked too early");
    clock.advance(Duration.ofMinutes(1));
    assertFalse(throttle.blocked("alice"), "still blocked after 15 minutes");
    // a fresh start: one more failure does not block again
    fail("alice", 1);
    assertFalse(throttle.blocked("alice"));
  }

  @Test
  void failuresOlderThanTheWindowDoNotCount() {
    fail("alice", 9);
    clock.advance(Duration.ofMinutes(16));
    fail("alice", 9);
    assertFalse(throttle.blocked("alice"));
  }
}
