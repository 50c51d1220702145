package org.mingjian.platform.bootstrap.internal;

import java.time.Duration;
import org.mingjian.platform.audit.AuditEvent;
import org.mingjian.platform.audit.AuditLog;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.marketplace.Marketplace;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.runtime.ModelRegistry;
import org.mingjian.platform.security.UserService;
import org.mingjian.platform.store.Readiness;
import org.mingjian.platform.store.StateStore;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceRegistration;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Deactivate;
import org.osgi.service.component.annotations.Reference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs first-start bootstrap off the activation thread, then registers {@link Readiness}. Demo mode
 * is on unless {@code MINGJIAN_DEMO=false} (or {@code -Dmingjian.demo=false}); the demo password
 * comes from {@code MINGJIAN_DEMO_PASSWORD} (or {@code -Dmingjian.demo.password}); {@code
 * MINGJIAN_DEMO_SCALE=city} loads the city-scale data set used by the benchmarks.
 */
@Component(immediate = true)
public final class BootstrapComponent {
  private static final Logger LOG = LoggerFactory.getLogger(BootstrapComponent.class);
  private static final int MAX_ATTEMPTS = 5;
  private final Thread worker;
  private volatile ServiceRegistration<Readiness> registration;

  @Activate
  public BootstrapComponent(
      BundleContext context,
      @Reference StateStore store,
      @Reference UserService users,
      @Reference DataPool pool,
      @Reference Enablements enablements,
      @Reference ModelRegistry registry,
      @Reference AuditLog audit,
      @Reference Marketplace marketplace) {
    String catalog = context.getProperty("mingjian.catalog");
    if (catalog == null || catalog.isBlank()) {
      String karafHome = context.getProperty("karaf.home");
      catalog = karafHome == null ? null : java.nio.file.Path.of(karafHome, "catalog").toString();
    }
    Bootstrap bootstrap =
        new Bootstrap(
            store,
            users,
            pool,
            enablements,
            marketplace,
            catalog == null ? null : java.nio.file.Path.of(catalog));
    boolean demo = !"false".equalsIgnoreCase(setting(context, "MINGJIAN_DEMO", "mingjian.demo"));
    String password = setting(context, "MINGJIAN_DEMO_PASSWORD", "mingjian.demo.password");
    String scaleName = setting(context, "MINGJIAN_DEMO_SCALE", "mingjian.demo.scale");
    org.mingjian.platform.datagen.Scale scale =
        "city".equalsIgnoreCase(scaleName)
            ? org.mingjian.platform.datagen.Scale.CITY
            : org.mingjian.platform.datagen.Scale.SMALL;
    worker =
        new Thread(
            () -> {
              long start = System.nanoTime();
              for (int attempt = 1; ; attempt++) {
                try {
                  var shipped = bootstrap.publishCatalog();
                  String summary =
                      bootstrap.completed()
                          ? "bootstrapped earlier"
                          : bootstrap.run(demo, password, scale, shipped);
                  marketplace.reconcile();
                  if (!Bootstrap.awaitModels(enablements, registry, Duration.ofMinutes(2))) {
                    LOG.warn(
                        "Not every reference model registered within 2 minutes; the platform is ready without them");
                  }
                  if (!summary.equals("bootstrapped earlier")) {
                    audit.append(
                        new AuditEvent(
                            "system",
                            null,
                            "bootstrap.completed",
                            "mingjian",
                            java.util.Map.of("summary", summary, "demo", demo)));
                  }
                  String text = summary;
                  registration = context.registerService(Readiness.class, () -> text, null);
                  LOG.info(
                      "Mingjian ready ({}) after {} ms",
                      summary,
                      (System.nanoTime() - start) / 1_000_000);
                  return;
                } catch (InterruptedException e) {
                  return;
                } catch (Exception e) {
                  if (Thread.currentThread().isInterrupted()) {
                    return;
                  }
                  if (attempt >= MAX_ATTEMPTS) {
                    LOG.error(
                        "First-start bootstrap failed {} times; the platform stays unready",
                        attempt,
                        e);
                    return;
                  }
                  LOG.warn(
                      "First-start bootstrap failed (attempt {} of {}), retrying: {}",
                      attempt,
                      MAX_ATTEMPTS,
                      e.toString());
                  try {
                    Thread.sleep(2_000L * attempt);
                  } catch (InterruptedException stop) {
                    return;
                  }
                }
              }
            },
            "mingjian-bootstrap");
    worker.setDaemon(true);
    worker.start();
  }

  static String setting(BundleContext context, String env, String property) {
    String v = context.getProperty(property);
    if (v == null || v.isBlank()) {
      v = System.getenv(env);
    }
    return v == null || v.isBlank() ? null : v;
  }

  @Deactivate
  void stop() throws InterruptedException {
    worker.interrupt();
    worker.join(5_000);
    ServiceRegistration<Readiness> r = registration;
    if (r != null) {
      try {
        r.unregister();
      } catch (IllegalStateException e) {
        // already gone with the bundle
      }
    }
  }
}
