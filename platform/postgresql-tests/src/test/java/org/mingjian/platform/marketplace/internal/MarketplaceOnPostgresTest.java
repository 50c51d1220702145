package org.mingjian.platform.marketplace.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.lang.reflect.Proxy;
import java.net.JarURLConnection;
import java.net.URL;
import java.nio.file.Path;
import java.sql.PreparedStatement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mingjian.platform.audit.internal.AuditLogImpl;
import org.mingjian.platform.clues.internal.ClueStoreImpl;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.data.internal.DataPoolImpl;
import org.mingjian.platform.datagen.ColumnSchema;
import org.mingjian.platform.datagen.DatasetSchema;
import org.mingjian.platform.datagen.DemoDatasets;
import org.mingjian.platform.marketplace.CatalogEntry;
import org.mingjian.platform.marketplace.EnablementRequest;
import org.mingjian.platform.marketplace.ModelVersion;
import org.mingjian.platform.postgresql.PostgresCluster;
import org.mingjian.platform.runtime.RunEngine;
import org.mingjian.platform.runtime.internal.EnablementsImpl;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.User;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.internal.StateStoreImpl;
import org.mingjian.sdk.descriptor.Sensitivity;

/**
 * The marketplace's model versions, catalog, enablement and revocation on a PostgreSQL state store,
 * with the real reference model jars (published as the city office's shipped models, as at every
 * start). Only the OSGi installer and the run engine are stand-ins.
 */
class MarketplaceOnPostgresTest {
  static final User ADMIN = new User("admin", "110000", EnumSet.of(Role.CITY_ADMIN), false);
  static final User REVIEWER = new User("reviewer", "110000", EnumSet.of(Role.REVIEWER), false);

  @TempDir Path home;

  @Test
  void shippedModelsArePublishedEnabledListedAndRevoked() throws Exception {
    StateStoreImpl store = new StateStoreImpl(PostgresCluster.shared().newDatabase("market"), home);
    store.inTransaction(
        c -> {
          for (String code : List.of("110000", "110105", "110108")) {
            try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO districts (code, name) VALUES (?, ?)")) {
              Jdbc.bind(ps, code, "区" + code).executeUpdate();
            }
          }
          return null;
        });
    DataPoolImpl pool = new DataPoolImpl(store, home.resolve("pool"), "256MB", 1);
    for (DatasetSchema s : DemoDatasets.all()) {
      List<ColumnInfo> cols = new ArrayList<>();
      for (ColumnSchema c : s.columns()) {
        cols.add(new ColumnInfo(c.name(), c.sqlType(), Sensitivity.valueOf(c.sensitivity())));
      }
      pool.register(
          new DatasetDefinition(
              s.name(),
              s.description(),
              s.ownerDepartment(),
              s.districtColumn(),
              s.rowKeyColumn(),
              cols,
              null,
              null));
    }
    List<String> ensured = new ArrayList<>();
    Installer installer =
        (Installer)
            Proxy.newProxyInstance(
                Installer.class.getClassLoader(),
                new Class<?>[] {Installer.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "ensure" -> {
                        ensured.add(((Deployer.Desired) args[0]).location());
                        yield Optional.of("installed");
                      }
                      case "installed" -> Set.copyOf(ensured);
                      case "removeExcept" -> List.of();
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    RunEngine noRuns =
        (RunEngine)
            Proxy.newProxyInstance(
                RunEngine.class.getClassLoader(),
                new Class<?>[] {RunEngine.class},
                (proxy, method, args) ->
                    switch (method.getName()) {
                      case "count" -> 0L;
                      case "list" -> List.of();
                      case "get", "latestShadowRun" -> Optional.empty();
                      default -> throw new UnsupportedOperationException(method.getName());
                    });
    MarketplaceImpl market =
        new MarketplaceImpl(
            store,
            new AuditLogImpl(store, home.resolve("keys"), 0),
            new EnablementsImpl(store),
            noRuns,
            new ClueStoreImpl(store),
            pool,
            new ArtifactStore(home.resolve("artifacts")),
            new TransferPackages(
                home.resolve("keys").resolve("marketplace-ed25519.key"),
                home.resolve("trusted-keys")),
            installer,
            new MarketplaceImpl.Settings(20L << 20, false, "1.0.0"));

    List<ModelVersion> published = new ArrayList<>();
    for (byte[] jar : referenceJars()) {
      published.add(market.publishBuiltin(jar));
    }
    assertEquals(6, published.size());
    published.forEach(v -> assertEquals(ModelVersion.APPROVED, v.state(), v.modelId()));
    // publishing again is idempotent
    assertEquals(published.get(0).id(), market.publishBuiltin(referenceJars().get(0)).id());

    List<CatalogEntry> catalog = market.catalog(null, null, null);
    assertEquals(6, catalog.size());
    assertTrue(market.catalog("公积金", null, null).size() >= 1, "search by Chinese text");

    ModelVersion pfl =
        published.stream()
            .filter(v -> v.modelId().equals("provident-fund-false-litigation"))
            .findFirst()
            .orElseThrow();
    var enabled =
        market.enable(
            pfl.modelId(),
            new EnablementRequest(
                pfl.version(),
                true,
                Map.of(),
                null,
                List.of(),
                Map.of("110105", Map.of("withinDays", 60))),
            ADMIN);
    assertTrue(enabled.cityWide());
    assertEquals(pfl.version(), enabled.version());
    assertEquals(1, ensured.size(), ensured.toString());
    assertTrue(market.model(pfl.modelId()).isPresent());

    ModelVersion revoked = market.revoke(pfl.modelId(), pfl.version(), "test revocation", ADMIN);
    assertEquals(ModelVersion.REVOKED, revoked.state());
    assertFalse(
        market.submissions(null, REVIEWER).stream()
            .anyMatch(v -> v.id().equals(pfl.id()) && v.state().equals(ModelVersion.APPROVED)));
  }

  /** The six plugin jars on the class path (Maven puts the installed bundles there). */
  static List<byte[]> referenceJars() throws Exception {
    List<byte[]> jars = new ArrayList<>();
    ClassLoader cl = MarketplaceOnPostgresTest.class.getClassLoader();
    for (URL url : Collections.list(cl.getResources("META-INF/mingjian/model.json"))) {
      URL jar = ((JarURLConnection) url.openConnection()).getJarFileURL();
      try (InputStream in = jar.openStream()) {
        jars.add(in.readAllBytes());
      }
    }
    jars.sort((a, b) -> Integer.compare(a.length, b.length));
    return jars;
  }
}
