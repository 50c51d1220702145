package org.mingjian.platform.shell.internal;

import java.security.AccessController;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import javax.security.auth.Subject;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.mingjian.platform.security.User;

/**
 * Who runs a command: the Karaf shell runs each command with the JAAS {@link Subject} of the
 * session's login (SSH, {@code bin/client}, the web console's shell; {@code karaf.local.user} on
 * the local console) in the thread's access-control context. The Mingjian realm puts the Mingjian
 * username there as a {@link UserPrincipal}; that name is looked up in the user store on every
 * command, so a role change or a deleted user takes effect at once.
 *
 * <p>The session variable {@code USER} is not used: any shell user can set it.
 */
final class Callers {
  /** Said when the session's subject names no Mingjian user. */
  static final String NOT_LOGGED_IN = "not logged in as a Mingjian user";

  private Callers() {}

  /**
   * @return the subject of the current access-control context, or {@code null}
   */
  @SuppressWarnings("removal") // Subject.getSubject: how Karaf 4.4 itself finds the shell user
  static Subject current() {
    return Subject.getSubject(AccessController.getContext());
  }

  /**
   * @param subject a subject, or {@code null}
   * @return the single username among its {@link UserPrincipal}s; empty when there is none, or when
   *     there are several different ones
   */
  static Optional<String> username(Subject subject) {
    if (subject == null) {
      return Optional.empty();
    }
    Set<String> names = new TreeSet<>();
    for (UserPrincipal p : subject.getPrincipals(UserPrincipal.class)) {
      if (p.getName() != null && !p.getName().isBlank()) {
        names.add(p.getName());
      }
    }
    return names.size() == 1 ? Optional.of(names.iterator().next()) : Optional.empty();
  }

  /**
   * @param subject the session's subject, or {@code null}
   * @param users the user store's lookup
   * @return the Mingjian user running the command
   * @throws UsageException {@value #NOT_LOGGED_IN} when the subject names no known user
   */
  static User resolve(Subject subject, Function<String, Optional<User>> users) {
    return username(subject).flatMap(users).orElseThrow(() -> new UsageException(NOT_LOGGED_IN));
  }
}
