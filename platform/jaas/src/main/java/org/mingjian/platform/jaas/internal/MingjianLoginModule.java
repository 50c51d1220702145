package org.mingjian.platform.jaas.internal;

import java.io.IOException;
import java.security.Principal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.CallbackHandler;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.CredentialExpiredException;
import javax.security.auth.login.FailedLoginException;
import javax.security.auth.login.LoginException;
import javax.security.auth.spi.LoginModule;
import org.apache.karaf.jaas.boot.principal.RolePrincipal;
import org.apache.karaf.jaas.boot.principal.UserPrincipal;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.User;
import org.mingjian.platform.security.UserService;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.FrameworkUtil;
import org.osgi.framework.ServiceReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Checks a username and password against the Mingjian {@link UserService}. On success the subject
 * gets a {@link UserPrincipal} and one {@link RolePrincipal} per Mingjian role ({@code CITY_ADMIN},
 * ...) plus Karaf's console roles: {@code admin, manager, viewer, systembundles, ssh} for {@code
 * CITY_ADMIN}, {@code viewer} for {@code AUDITOR}; nobody else gets {@code ssh} (no shell). Wrong
 * passwords and unknown users fail alike ({@link FailedLoginException}); a user whose generated
 * password must still be changed gets a {@link CredentialExpiredException}, as the REST API lets
 * such a user do nothing but change it.
 *
 * <p>Instantiated by Karaf's {@code ProxyLoginModule} (public no-argument constructor) for each
 * login. The user store is looked up through the {@link BundleContext} in the option {@code
 * org.osgi.framework.BundleContext} (set by {@link MingjianRealm}), or this bundle's own context.
 */
public final class MingjianLoginModule implements LoginModule {
  private static final Logger LOG = LoggerFactory.getLogger(MingjianLoginModule.class);

  /** The one message of every credential failure: it does not tell whether the user exists. */
  static final String FAILED = "login failed";

  /** Karaf roles granted on top of the Mingjian role names. */
  static final Map<Role, List<String>> KARAF_ROLES;

  static {
    Map<Role, List<String>> m = new EnumMap<>(Role.class);
    m.put(Role.CITY_ADMIN, List.of("admin", "manager", "viewer", "systembundles", "ssh"));
    m.put(Role.AUDITOR, List.of("viewer"));
    KARAF_ROLES = Collections.unmodifiableMap(m);
  }

  private Subject subject;
  private CallbackHandler callbackHandler;
  private BundleContext context;
  private Set<Principal> principals;
  private boolean committed;

  /** For Karaf's {@code ProxyLoginModule}. */
  public MingjianLoginModule() {}

  @Override
  public void initialize(
      Subject subject,
      CallbackHandler callbackHandler,
      Map<String, ?> sharedState,
      Map<String, ?> options) {
    this.subject = subject;
    this.callbackHandler = callbackHandler;
    Object ctx = options == null ? null : options.get(BundleContext.class.getName());
    this.context = ctx instanceof BundleContext bc ? bc : null;
  }

  @Override
  public boolean login() throws LoginException {
    principals = null;
    committed = false;
    if (callbackHandler == null) {
      throw new LoginException("no callback handler to ask for the username and password");
    }
    NameCallback name = new NameCallback("Username: ");
    PasswordCallback password = new PasswordCallback("Password: ", false);
    try {
      callbackHandler.handle(new Callback[] {name, password});
    } catch (IOException | UnsupportedCallbackException e) {
      LoginException le = new LoginException("cannot ask for the username and password");
      le.initCause(e);
      throw le;
    }
    String username = name.getName();
    char[] secret = password.getPassword();
    password.clearPassword();
    if (username == null || username.isEmpty() || secret == null || secret.length == 0) {
      throw new FailedLoginException(FAILED);
    }
    Optional<User> user;
    try {
      user = authenticate(username, new String(secret));
    } finally {
      Arrays.fill(secret, '\0');
    }
    if (user.isEmpty()) {
      audit(username, null, "auth.console.login.failed");
      throw new FailedLoginException(FAILED);
    }
    audit(username, user.get().district(), "auth.console.login.succeeded");
    if (user.get().mustChangePassword()) {
      // as over HTTP, a generated password only allows changing it (POST /api/v1/me/password)
      throw new CredentialExpiredException(
          "the password must be changed first (Mingjian web client or POST /api/v1/me/password)");
    }
    principals = principalsOf(user.get());
    return true;
  }

  @Override
  public boolean commit() throws LoginException {
    if (principals == null) {
      return false;
    }
    if (subject.isReadOnly()) {
      throw new LoginException("the subject is read-only");
    }
    subject.getPrincipals().addAll(principals);
    committed = true;
    return true;
  }

  @Override
  public boolean abort() throws LoginException {
    if (principals == null) {
      return false;
    }
    if (committed) {
      logout();
    } else {
      principals = null;
    }
    return true;
  }

  @Override
  public boolean logout() throws LoginException {
    if (principals != null && subject != null && !subject.isReadOnly()) {
      subject.getPrincipals().removeAll(principals);
    }
    principals = null;
    committed = false;
    return true;
  }

  /**
   * The principals of an authenticated user.
   *
   * @param user the user
   * @return the user principal, then the role principals
   */
  static Set<Principal> principalsOf(User user) {
    Set<Principal> result = new LinkedHashSet<>();
    result.add(new UserPrincipal(user.username()));
    List<Role> roles = new ArrayList<>(user.roles());
    Collections.sort(roles);
    for (Role role : roles) {
      result.add(new RolePrincipal(role.name()));
    }
    for (Role role : roles) {
      for (String karafRole : KARAF_ROLES.getOrDefault(role, List.of())) {
        result.add(new RolePrincipal(karafRole));
      }
    }
    return result;
  }

  private Optional<User> authenticate(String username, String password) throws LoginException {
    BundleContext ctx = context != null ? context : ownContext();
    ServiceReference<UserService> ref;
    try {
      ref = ctx == null ? null : ctx.getServiceReference(UserService.class);
    } catch (IllegalStateException e) {
      // the bundle of the context has stopped
      ref = null;
    }
    UserService users = ref == null ? null : ctx.getService(ref);
    if (users == null) {
      throw new LoginException("the Mingjian user store is not available");
    }
    try {
      return users.authenticate(username, password);
    } catch (RuntimeException e) {
      LOG.warn("The Mingjian user store failed during a login", e);
      LoginException le = new LoginException("the Mingjian user store failed");
      le.initCause(e);
      throw le;
    } finally {
      try {
        ctx.ungetService(ref);
      } catch (IllegalStateException e) {
        // the bundle stopped meanwhile
      }
    }
  }

  /** Console and SSH logins land in the audit chain too; a missing audit service is logged. */
  private void audit(String username, String district, String action) {
    BundleContext ctx = context != null ? context : ownContext();
    try {
      ServiceReference<AuditLog> ref = ctx == null ? null : ctx.getServiceReference(AuditLog.class);
      AuditLog log = ref == null ? null : ctx.getService(ref);
      if (log == null) {
        LOG.warn("No audit trail to record {} of {}", action, username);
        return;
      }
      try {
        String who = username.length() > 64 ? username.substring(0, 64) : username;
        log.append(new AuditEvent(who, district, action, who, Map.of("channel", "karaf-jaas")));
      } finally {
        ctx.ungetService(ref);
      }
    } catch (RuntimeException e) {
      LOG.warn("Could not record {} of {} in the audit trail: {}", action, username, e.toString());
    }
  }

  private static BundleContext ownContext() {
    Bundle bundle = FrameworkUtil.getBundle(MingjianLoginModule.class);
    return bundle == null ? null : bundle.getBundleContext();
  }
}
