package org.mingjian.platform.jaas.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.reflect.Proxy;
import java.security.Principal;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import javax.security.auth.Subject;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.CredentialExpiredException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.junit.jupiter.api.Test;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.User;
import org.mingjian.platform.security.UserService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;

class MingjianLoginModuleTest {
  private static final String PASSWORD = "Correct-Horse-42";

  /** In-memory user store: only find/authenticate are used by the login module. */
  private static UserService users(User... known) {
    Map<String, User> byName = new HashMap<>();
    for (User u : known) {
      byName.put(u.username(), u);
    }
    return (UserService)
        Proxy.newProxyInstance(
            UserService.class.getClassLoader(),
            new Class<?>[] {UserService.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "authenticate" ->
                      PASSWORD.equals(args[1])
                          ? Optional.ofNullable(byName.get((String) args[0]))
                          : Optional.empty();
                  case "find" -> Optional.ofNullable(byName.get((String) args[0]));
                  case "toString" -> "in-memory users";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  /**
   * A bundle context holding at most one UserService; counts get/unget so that the test sees the
   * service is released.
   */
  private static BundleContext context(UserService service, AtomicInteger held) {
    ServiceReference<?> ref =
        (ServiceReference<?>)
            Proxy.newProxyInstance(
                ServiceReference.class.getClassLoader(),
                new Class<?>[] {ServiceReference.class},
                (proxy, method, args) -> {
                  throw new UnsupportedOperationException(method.getName());
                });
    Bundle bundle =
        (Bundle)
            Proxy.newProxyInstance(
                Bundle.class.getClassLoader(),
                new Class<?>[] {Bundle.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "getBundleId" -> 42L;
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    return (BundleContext)
        Proxy.newProxyInstance(
            BundleContext.class.getClassLoader(),
            new Class<?>[] {BundleContext.class},
            (proxy, method, args) ->
                switch (method.getName()) {
                  case "getServiceReference" ->
                      service != null && args[0] == UserService.class ? ref : null;
                  case "getService" -> {
                    held.incrementAndGet();
                    yield service;
                  }
                  case "ungetService" -> {
                    held.decrementAndGet();
                    yield true;
                  }
                  case "getBundle" -> bundle;
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> throw new UnsupportedOperationException(method.getName());
                });
  }

  private static final User ADMIN =
      new User("admin", User.CITY_OFFICE, EnumSet.of(Role.CITY_ADMIN), false);
  private static final User AUDITOR =
      new User("auditor", User.CITY_OFFICE, EnumSet.of(Role.AUDITOR), false);
  private static final User ANALYST =
      new User("chaoyang.analyst", "110105", EnumSet.of(Role.ANALYST), false);
  private static final User STEWARD_AND_ANALYST =
      new User("mixed", "110105", EnumSet.of(Role.DATA_STEWARD, Role.ANALYST), false);
  private static final User FRESH_ADMIN =
      new User("fresh", User.CITY_OFFICE, EnumSet.of(Role.CITY_ADMIN), true);

  private final AtomicInteger held = new AtomicInteger();
  private final BundleContext context =
      context(users(ADMIN, AUDITOR, ANALYST, STEWARD_AND_ANALYST, FRESH_ADMIN), held);

  private static CallbackHandler credentials(String username, String password) {
    return callbacks -> {
      for (var c : callbacks) {
        if (c instanceof NameCallback n) {
          n.setName(username);
        } else if (c instanceof PasswordCallback p) {
          p.setPassword(password == null ? null : password.toCharArray());
        } else {
          throw new UnsupportedCallbackException(c);
        }
      }
    };
  }

  /**
   * The module as Karaf's ProxyLoginModule hands it over: the realm's options minus the proxy's own
   * two.
   */
  private MingjianLoginModule module(Subject subject, String username, String password) {
    AppConfigurationEntry entry = new MingjianRealm(context, config(), null).getEntries()[0];
    Map<String, Object> options = new HashMap<>(entry.getOptions());
    options.remove(ProxyLoginModule.PROPERTY_MODULE);
    options.remove(ProxyLoginModule.PROPERTY_BUNDLE);
    MingjianLoginModule module = new MingjianLoginModule();
    module.initialize(subject, credentials(username, password), new HashMap<>(), options);
    return module;
  }

  private static MingjianRealm.Config config() {
    return new MingjianRealm.Config() {
      @Override
      public Class<? extends java.lang.annotation.Annotation> annotationType() {
        return MingjianRealm.Config.class;
      }

      @Override
      public String name() {
        return MingjianRealm.KARAF_REALM;
      }

      @Override
      public int rank() {
        return MingjianRealm.DEFAULT_RANK;
      }
    };
  }

  private static Set<String> roles(Subject subject) {
    Set<String> names = new TreeSet<>();
    for (RolePrincipal p : subject.getPrincipals(RolePrincipal.class)) {
      names.add(p.getName());
    }
    return names;
  }

  private Subject login(String username, String password) throws LoginException {
    Subject subject = new Subject();
    MingjianLoginModule module = module(subject, username, password);
    assertTrue(module.login());
    assertTrue(module.commit());
    return subject;
  }

  @Test
  void realmEntryGoesThroughKarafsProxyWithTheModuleAndBundle() {
    MingjianRealm realm = new MingjianRealm(context, config(), null);
    assertEquals("karaf", realm.getName());
    assertTrue(realm.getRank() > 0, "above Karaf's own realm (rank 0)");
    AppConfigurationEntry[] entries = realm.getEntries();
    assertEquals(1, entries.length);
    assertEquals(ProxyLoginModule.class.getName(), entries[0].getLoginModuleName());
    assertEquals(
        AppConfigurationEntry.LoginModuleControlFlag.REQUIRED, entries[0].getControlFlag());
    Map<String, ?> options = entries[0].getOptions();
    assertEquals(
        MingjianLoginModule.class.getName(), options.get(ProxyLoginModule.PROPERTY_MODULE));
    assertEquals("42", options.get(ProxyLoginModule.PROPERTY_BUNDLE));
    assertEquals(context, options.get(BundleContext.class.getName()));
  }

  @Test
  void cityAdminGetsItsRoleAndKarafsConsoleRoles() throws Exception {
    Subject subject = login("admin", PASSWORD);
    Set<UserPrincipal> user = subject.getPrincipals(UserPrincipal.class);
    assertEquals(1, user.size());
    assertEquals("admin", user.iterator().next().getName());
    assertEquals(
        Set.of("CITY_ADMIN", "admin", "manager", "viewer", "systembundles", "ssh"), roles(subject));
    assertEquals(0, held.get(), "the user service is released after the login");
  }

  @Test
  void auditorIsAViewerWithoutShell() throws Exception {
    assertEquals(Set.of("AUDITOR", "viewer"), roles(login("auditor", PASSWORD)));
  }

  @Test
  void analystHasNoConsoleRole() throws Exception {
    Subject subject = login("chaoyang.analyst", PASSWORD);
    Set<String> roles = roles(subject);
    assertEquals(Set.of("ANALYST"), roles);
    assertFalse(roles.contains("ssh"));
    assertFalse(roles.contains("admin"));
  }

  @Test
  void everyMingjianRoleBecomesAPrincipal() throws Exception {
    assertEquals(Set.of("ANALYST", "DATA_STEWARD"), roles(login("mixed", PASSWORD)));
  }

  @Test
  void wrongPasswordAndUnknownUserFailAlike() {
    FailedLoginException wrong =
        assertThrows(
            FailedLoginException.class,
            () -> module(new Subject(), "admin", "Wrong-Password-1").login());
    FailedLoginException unknown =
        assertThrows(
            FailedLoginException.class, () -> module(new Subject(), "nobody", PASSWORD).login());
    assertEquals(wrong.getMessage(), unknown.getMessage());
    assertFalse(wrong.getMessage().contains("admin"));
    assertThrows(FailedLoginException.class, () -> module(new Subject(), "admin", "").login());
    assertThrows(FailedLoginException.class, () -> module(new Subject(), null, PASSWORD).login());
    assertEquals(0, held.get());
  }

  @Test
  void aPasswordThatMustBeChangedOpensNoConsole() {
    Subject subject = new Subject();
    assertThrows(
        CredentialExpiredException.class, () -> module(subject, "fresh", PASSWORD).login());
    assertTrue(subject.getPrincipals().isEmpty());
    assertEquals(0, held.get());
  }

  @Test
  void failedLoginLeavesTheSubjectEmpty() throws Exception {
    Subject subject = new Subject();
    MingjianLoginModule module = module(subject, "admin", "Wrong-Password-1");
    assertThrows(FailedLoginException.class, module::login);
    assertFalse(module.commit());
    assertFalse(module.abort());
    assertTrue(subject.getPrincipals().isEmpty());
  }

  @Test
  void logoutAndAbortRemoveThePrincipals() throws Exception {
    Subject subject = new Subject();
    subject.getPrincipals().add(new UserPrincipal("someone-else"));
    MingjianLoginModule module = module(subject, "admin", PASSWORD);
    assertTrue(module.login());
    assertTrue(module.commit());
    assertTrue(module.logout());
    assertEquals(Set.of(new UserPrincipal("someone-else")), subject.getPrincipals());

    assertTrue(module.login());
    assertTrue(module.commit());
    assertTrue(module.abort());
    assertEquals(Set.of(new UserPrincipal("someone-else")), subject.getPrincipals());
  }

  @Test
  void missingUserStoreIsALoginErrorNotACredentialFailure() {
    BundleContext empty = context(null, held);
    MingjianLoginModule module = new MingjianLoginModule();
    module.initialize(
        new Subject(),
        credentials("admin", PASSWORD),
        new HashMap<>(),
        Map.of(BundleContext.class.getName(), empty));
    LoginException e = assertThrows(LoginException.class, module::login);
    assertFalse(e instanceof FailedLoginException);
  }

  @Test
  void principalsAreKarafs() {
    for (Principal p : MingjianLoginModule.principalsOf(ADMIN)) {
      assertNotNull(p.getName());
      assertTrue(p instanceof UserPrincipal || p instanceof RolePrincipal, p.toString());
    }
    assertInstanceOf(
        UserPrincipal.class, MingjianLoginModule.principalsOf(ADMIN).iterator().next());
  }
}
