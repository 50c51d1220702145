package org.mingjian.platform.shell.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.security.PrivilegedAction;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.User;

class CallersTest {
  private static final User ADMIN =
      new User("admin", User.CITY_OFFICE, Set.of(Role.CITY_ADMIN), false);

  private static Optional<User> directory(String name) {
    return "admin".equals(name) ? Optional.of(ADMIN) : Optional.empty();
  }

  private static Subject subject(String... users) {
    Subject s = new Subject();
    for (String u : users) {
      s.getPrincipals().add(new UserPrincipal(u));
    }
    s.getPrincipals().add(new RolePrincipal("admin"));
    return s;
  }

  @Test
  @SuppressWarnings("removal")
  void theSubjectOfTheContextIsTheCaller() {
    User found =
        Subject.doAs(
            subject("admin"),
            (PrivilegedAction<User>)
                () -> Callers.resolve(Callers.current(), CallersTest::directory));
    assertEquals(ADMIN, found);
  }

  @Test
  void withoutAMingjianUserTheCommandIsRefused() {
    // no subject (e.g. a session created without login), Karaf's local "karaf" user, or a
    // subject whose principals disagree
    for (Subject s : new Subject[] {null, subject(), subject("karaf"), subject("admin", "other")}) {
      assertEquals(
          "not logged in as a Mingjian user",
          assertThrows(UsageException.class, () -> Callers.resolve(s, CallersTest::directory))
              .getMessage());
    }
  }
}
