package org.mingjian.platform.jaas.internal;

import java.util.HashMap;
import java.util.Map;
import javax.security.auth.login.AppConfigurationEntry;
import javax.security.auth.login.AppConfigurationEntry.LoginModuleControlFlag;
import org.apache.karaf.jaas.boot.ProxyLoginModule;
import org.apache.karaf.jaas.config.JaasRealm;
import org.mingjian.platform.security.UserService;
import org.osgi.framework.BundleContext;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;
import org.osgi.service.metatype.annotations.AttributeDefinition;
import org.osgi.service.metatype.annotations.Designate;
import org.osgi.service.metatype.annotations.ObjectClassDefinition;

/**
 * The JAAS realm {@code karaf} backed by the Mingjian user store. Karaf's own realm of that name
 * (the {@code users.properties} one) has rank 0; Karaf's JAAS configuration uses the realm with the
 * highest rank for a name, so the console, SSH ({@code bin/client}) and the web console log in
 * against Mingjian users while this component is active.
 *
 * <p>The realm is only registered while a {@link UserService} is: without the user store Karaf
 * falls back to its own realm, whose {@code users.properties} has no active user (nobody logs in).
 *
 * <p>Karaf does not load login modules through the realm's class loader directly: the entry names
 * {@link ProxyLoginModule} (on the boot class path), whose options say which class to load from
 * which bundle. It removes those two options before initialising the real module; the realm's
 * {@link BundleContext} (option {@code org.osgi.framework.BundleContext}, as Karaf's own realms do)
 * reaches {@link MingjianLoginModule}, which looks the user store up through it at each login.
 */
@Component(service = JaasRealm.class, configurationPid = MingjianRealm.PID)
@Designate(ocd = MingjianRealm.Config.class)
public final class MingjianRealm implements JaasRealm {
  /** Configuration PID ({@code etc/org.mingjian.platform.jaas.cfg}). */
  public static final String PID = "org.mingjian.platform.jaas";

  /** The realm name Karaf's console, SSH server and web console use. */
  public static final String KARAF_REALM = "karaf";

  /** Above Karaf's own {@code karaf} realm, which has rank 0. */
  public static final int DEFAULT_RANK = 100;

  /** Configuration. */
  @ObjectClassDefinition(
      name = "Mingjian JAAS realm",
      description = "Karaf JAAS realm backed by the Mingjian user store")
  public @interface Config {
    /**
     * @return the realm name
     */
    @AttributeDefinition(description = "JAAS realm name (karaf: console, SSH, web console)")
    String name() default KARAF_REALM;

    /**
     * @return the rank
     */
    @AttributeDefinition(
        description =
            "Rank among realms of the same name; the highest wins (Karaf's own realm has 0)."
                + " Give an LDAP realm a higher rank to replace this one.")
    int rank() default DEFAULT_RANK;
  }

  private final BundleContext context;
  private final String name;
  private final int rank;

  /**
   * @param context this bundle's context, handed to the login module
   * @param config the realm name and rank
   * @param users only referenced so that the realm exists only while the user store does; the login
   *     module looks the service up itself at each login
   */
  @Activate
  public MingjianRealm(BundleContext context, Config config, @Reference UserService users) {
    this.context = context;
    this.name = config.name();
    this.rank = config.rank();
  }

  @Override
  public String getName() {
    return name;
  }

  @Override
  public int getRank() {
    return rank;
  }

  @Override
  public AppConfigurationEntry[] getEntries() {
    Map<String, Object> options = new HashMap<>();
    options.put(ProxyLoginModule.PROPERTY_MODULE, MingjianLoginModule.class.getName());
    options.put(ProxyLoginModule.PROPERTY_BUNDLE, Long.toString(context.getBundle().getBundleId()));
    options.put(BundleContext.class.getName(), context);
    return new AppConfigurationEntry[] {
      new AppConfigurationEntry(
          ProxyLoginModule.class.getName(), LoginModuleControlFlag.REQUIRED, options)
    };
  }
}
