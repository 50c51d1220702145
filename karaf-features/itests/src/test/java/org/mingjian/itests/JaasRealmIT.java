package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import java.security.Principal;
import java.util.Set;
import java.util.TreeSet;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import javax.security.auth.login.LoginException;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The JAAS realm {@code karaf} (console, SSH, web console) authenticates against the Mingjian user
 * store: platform users log in with their Karaf roles, Karaf's default {@code karaf/karaf} does
 * not, and only city administrators get the {@code ssh} role.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class JaasRealmIT extends MingjianTestSupport {
  private static final String REALM = "karaf";
  private static final String USER_PRINCIPAL = "org.apache.karaf.jaas.boot.principal.UserPrincipal";
  private static final String ROLE_PRINCIPAL = "org.apache.karaf.jaas.boot.principal.RolePrincipal";

  /** Waits until the demo users exist (health 200) and the Mingjian realm is registered. */
  @Before
  public void awaitRealm() throws Exception {
    await(
        "health 200",
        () -> {
          try {
            return http().get("/api/v1/health").statusCode() == 200;
          } catch (Exception e) {
            return false;
          }
        });
    await(
        "the Mingjian JAAS realm",
        () -> {
          try {
            return !serviceProperties(
                    "org.apache.karaf.jaas.config.JaasRealm",
                    "(component.name=org.mingjian.platform.jaas.internal.MingjianRealm)")
                .isEmpty();
          } catch (Exception e) {
            return false;
          }
        });
  }

  private static CallbackHandler credentials(String username, String password) {
    return (Callback[] callbacks) -> {
      for (Callback c : callbacks) {
        if (c instanceof NameCallback n) {
          n.setName(username);
        } else if (c instanceof PasswordCallback p) {
          p.setPassword(password.toCharArray());
        } else {
          throw new UnsupportedCallbackException(c);
        }
      }
    };
  }

  private static Subject login(String username, String password) throws LoginException {
    LoginContext context = new LoginContext(REALM, credentials(username, password));
    context.login();
    return context.getSubject();
  }

  private static Set<String> principals(Subject subject, String type) {
    Set<String> names = new TreeSet<>();
    for (Principal p : subject.getPrincipals()) {
      if (p.getClass().getName().equals(type)) {
        names.add(p.getName());
      }
    }
    return names;
  }

  private static void assertLoginFails(String username, String password) {
    try {
      login(username, password);
      fail(username + " logged in with a wrong password");
    } catch (LoginException expected) {
      // the realm refused
    }
  }

  @Test
  public void cityAdminLogsInWithConsoleRoles() throws Exception {
    Subject subject = login("admin", DEMO_PASSWORD);
    assertEquals(Set.of("admin"), principals(subject, USER_PRINCIPAL));
    Set<String> roles = principals(subject, ROLE_PRINCIPAL);
    assertTrue(roles.toString(), roles.contains("CITY_ADMIN"));
    assertTrue(roles.toString(), roles.contains("admin"));
    assertTrue(roles.toString(), roles.contains("ssh"));
  }

  @Test
  public void wrongPasswordFails() {
    assertLoginFails("admin", DEMO_PASSWORD + "-wrong");
  }

  @Test
  public void karafsDefaultUserDoesNotExist() throws Exception {
    assertLoginFails("karaf", "karaf");
    // console and SSH logins are in the audit trail like HTTP ones
    org.mingjian.platform.audit.AuditLog audit =
        awaitService(org.mingjian.platform.audit.AuditLog.class, null);
    assertTrue(
        audit
                .search(
                    new org.mingjian.platform.audit.AuditQuery(
                        null, null, "karaf", "auth.console.login.failed"),
                    0,
                    10)
                .total()
            >= 1);
  }

  @Test
  public void analystLogsInWithoutShell() throws Exception {
    Subject subject = login("chaoyang.analyst", DEMO_PASSWORD);
    assertEquals(Set.of("chaoyang.analyst"), principals(subject, USER_PRINCIPAL));
    Set<String> roles = principals(subject, ROLE_PRINCIPAL);
    assertTrue(roles.toString(), roles.contains("ANALYST"));
    assertFalse(roles.toString(), roles.contains("ssh"));
    assertFalse(roles.toString(), roles.contains("admin"));
  }
}
