package org.mingjian.platform.bootstrap.internal;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mingjian.platform.data.ColumnInfo;
import org.mingjian.platform.data.DataPool;
import org.mingjian.platform.data.DatasetDefinition;
import org.mingjian.platform.datagen.ColumnSchema;
import org.mingjian.platform.datagen.DataGenerator;
import org.mingjian.platform.datagen.DatasetSchema;
import org.mingjian.platform.datagen.DemoDatasets;
import org.mingjian.platform.datagen.District;
import org.mingjian.platform.datagen.Scale;
import org.mingjian.platform.marketplace.EnablementRequest;
import org.mingjian.platform.marketplace.Marketplace;
import org.mingjian.platform.marketplace.ModelVersion;
import org.mingjian.platform.runtime.Enablements;
import org.mingjian.platform.runtime.ModelRegistry;
import org.mingjian.platform.security.Passwords;
import org.mingjian.platform.security.Role;
import org.mingjian.platform.security.User;
import org.mingjian.platform.security.UserService;
import org.mingjian.platform.store.Jdbc;
import org.mingjian.platform.store.StateStore;
import org.mingjian.sdk.descriptor.Sensitivity;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What first start does, in order: districts, users, demo datasets and data, enablement of the
 * reference models. Each step is idempotent, and completion is recorded last, so a start
 * interrupted half-way simply finishes the job next time.
 */
public final class Bootstrap {
  /** The reference models shipped with the distribution. */
  public static final List<String> REFERENCE_MODELS =
      List.of(
          "provident-fund-false-litigation",
          "fuel-tax",
          "special-operation-certificates",
          "allowance-after-death",
          "pension-in-custody",
          "barred-legal-representative");

  /** The seed of the demo data, so every installation's demo is the same. */
  public static final long DEMO_SEED = 20221110L;

  static final String COMPLETED = "bootstrap.completed";
  private static final Logger LOG = LoggerFactory.getLogger(Bootstrap.class);

  private final StateStore store;
  private final UserService users;
  private final DataPool pool;
  private final Enablements enablements;
  private final Marketplace marketplace;
  private final Path catalogDir;

  /** The system's own identity when it enables the shipped models in demo mode. */
  static final User SYSTEM =
      new User("bootstrap", User.CITY_OFFICE, EnumSet.of(Role.CITY_ADMIN), false);

  /** Demo users: name, district, roles. */
  record DemoUser(String username, String district, Set<Role> roles) {}

  static final List<DemoUser> DEMO_USERS =
      List.of(
          new DemoUser("admin", User.CITY_OFFICE, EnumSet.of(Role.CITY_ADMIN)),
          new DemoUser("reviewer", User.CITY_OFFICE, EnumSet.of(Role.REVIEWER)),
          new DemoUser("auditor", User.CITY_OFFICE, EnumSet.of(Role.AUDITOR)),
          new DemoUser("steward", User.CITY_OFFICE, EnumSet.of(Role.DATA_STEWARD)),
          new DemoUser("chaoyang.dev", "110105", EnumSet.of(Role.DISTRICT_PUBLISHER)),
          new DemoUser("chaoyang.analyst", "110105", EnumSet.of(Role.ANALYST)),
          new DemoUser("haidian.dev", "110108", EnumSet.of(Role.DISTRICT_PUBLISHER)),
          new DemoUser("haidian.analyst", "110108", EnumSet.of(Role.ANALYST)));

  public Bootstrap(
      StateStore store,
      UserService users,
      DataPool pool,
      Enablements enablements,
      Marketplace marketplace,
      Path catalogDir) {
    this.store = store;
    this.users = users;
    this.pool = pool;
    this.enablements = enablements;
    this.marketplace = marketplace;
    this.catalogDir = catalogDir;
  }

  /**
   * Puts the model jars shipped in the catalog folder into the marketplace as APPROVED versions
   * published by the city office. Runs at every start, so a new distribution adds its new versions.
   *
   * @return model id to the newest shipped version
   * @throws IOException when the folder cannot be read
   */
  Map<String, String> publishCatalog() throws IOException {
    Map<String, String> shipped = new java.util.TreeMap<>();
    if (catalogDir == null || !Files.isDirectory(catalogDir)) {
      LOG.warn("No catalog folder {}: no reference models are shipped", catalogDir);
      return shipped;
    }
    List<Path> jars;
    try (var files = Files.list(catalogDir)) {
      jars = files.filter(f -> f.toString().endsWith(".jar")).sorted().toList();
    }
    for (Path jar : jars) {
      try {
        ModelVersion v = marketplace.publishBuiltin(Files.readAllBytes(jar));
        shipped.merge(
            v.modelId(),
            v.version(),
            (a, b) ->
                org.osgi.framework.Version.parseVersion(a)
                            .compareTo(org.osgi.framework.Version.parseVersion(b))
                        >= 0
                    ? a
                    : b);
      } catch (RuntimeException e) {
        LOG.error("Shipped model {} is not published: {}", jar.getFileName(), e.getMessage());
      }
    }
    for (String id : REFERENCE_MODELS) {
      if (!shipped.containsKey(id)) {
        LOG.warn("Reference model {} is missing from the catalog folder {}", id, catalogDir);
      }
    }
    return shipped;
  }

  boolean completed() {
    return store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("SELECT val FROM settings WHERE name = ?")) {
            ps.setString(1, COMPLETED);
            try (ResultSet rs = ps.executeQuery()) {
              return rs.next();
            }
          }
        });
  }

  /**
   * Runs first start.
   *
   * @param demo whether to create demo users and data and enable the reference models
   * @param demoPassword the password of every demo user, or {@code null} to generate them
   * @return a summary
   * @throws IOException when the credentials file or demo data cannot be written
   */
  String run(boolean demo, String demoPassword) throws IOException, InterruptedException {
    return run(demo, demoPassword, Scale.SMALL);
  }

  /**
   * Runs first start.
   *
   * @param demo whether to create demo users and data and enable the reference models
   * @param demoPassword the password of every demo user, or {@code null} to generate them
   * @param scale how much demo data ({@code CITY} is for benchmarks)
   * @return a summary
   * @throws IOException when the credentials file or demo data cannot be written
   */
  String run(boolean demo, String demoPassword, Scale scale)
      throws IOException, InterruptedException {
    return run(demo, demoPassword, scale, Map.of());
  }

  /**
   * Runs first start.
   *
   * @param demo whether to create demo users and data and enable the reference models
   * @param demoPassword the password of every demo user, or {@code null} to generate them
   * @param scale how much demo data ({@code CITY} is for benchmarks)
   * @param shipped the shipped models to enable city-wide in demo mode, by id with their version
   * @return a summary
   * @throws IOException when the credentials file or demo data cannot be written
   */
  String run(boolean demo, String demoPassword, Scale scale, Map<String, String> shipped)
      throws IOException, InterruptedException {
    districts();
    checkInterrupted();
    Map<String, String> generated = users(demo, demoPassword);
    if (!generated.isEmpty()) {
      writeCredentials(generated);
    }
    checkInterrupted();
    String data = demo ? demoData(scale) : "no demo data";
    checkInterrupted();
    if (demo) {
      for (Map.Entry<String, String> m : shipped.entrySet()) {
        if (enablements.get(m.getKey()).isEmpty()) {
          marketplace.enable(
              m.getKey(),
              new EnablementRequest(m.getValue(), true, Map.of(), null, null, null),
              SYSTEM);
        }
      }
    }
    store.inTransaction(
        c -> {
          try (PreparedStatement ps =
              c.prepareStatement("INSERT INTO settings (name, val) VALUES (?, ?)")) {
            Jdbc.bind(ps, COMPLETED, java.time.Instant.now().toString()).executeUpdate();
          }
          return null;
        });
    return (demo ? "demo: " : "") + data;
  }

  private static void checkInterrupted() throws InterruptedException {
    if (Thread.currentThread().isInterrupted()) {
      throw new InterruptedException("bootstrap stopped");
    }
  }

  private void districts() {
    store.inTransaction(
        c -> {
          Map<String, String> all = new LinkedHashMap<>();
          all.put(User.CITY_OFFICE, "北京市人民检察院");
          for (District d : District.ALL) {
            all.put(d.code(), d.name());
          }
          for (Map.Entry<String, String> d : all.entrySet()) {
            try (PreparedStatement check =
                c.prepareStatement("SELECT 1 FROM districts WHERE code = ?")) {
              check.setString(1, d.getKey());
              try (ResultSet rs = check.executeQuery()) {
                if (rs.next()) {
                  continue;
                }
              }
            }
            try (PreparedStatement ps =
                c.prepareStatement("INSERT INTO districts (code, name) VALUES (?, ?)")) {
              Jdbc.bind(ps, d.getKey(), d.getValue()).executeUpdate();
            }
          }
          return null;
        });
  }

  private Map<String, String> users(boolean demo, String demoPassword) {
    Map<String, String> generated = new LinkedHashMap<>();
    for (DemoUser u : DEMO_USERS) {
      if (!demo && !u.username().equals("admin")) {
        continue;
      }
      if (users.find(u.username()).isPresent()) {
        continue;
      }
      boolean fixed = demoPassword != null && !demoPassword.isBlank();
      String password = fixed ? demoPassword : Passwords.generate();
      try {
        users.create(u.username(), u.district(), u.roles(), password, !fixed);
      } catch (IllegalStateException alreadyThere) {
        continue; // created meanwhile by an earlier, interrupted start
      }
      if (!fixed) {
        generated.put(u.username(), password);
      }
    }
    return generated;
  }

  private void writeCredentials(Map<String, String> generated) throws IOException {
    Path file = store.home().resolve("initial-credentials.properties");
    StringBuilder b = new StringBuilder();
    b.append(
        "# Mingjian initial passwords, generated at first start. Each must be changed at first login.\n");
    b.append("# Delete this file once the passwords are changed.\n");
    generated.forEach((u, p) -> b.append(u).append('=').append(p).append('\n'));
    Files.deleteIfExists(file);
    try {
      Files.createFile(
          file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
    } catch (UnsupportedOperationException e) {
      Files.createFile(file);
    }
    try (Writer w =
        Files.newBufferedWriter(
            file, StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING)) {
      w.write(b.toString());
    }
    LOG.info("Initial passwords written to {}", file);
  }

  private String demoData(Scale scale) throws IOException {
    Path dir = store.home().resolve("demo");
    DataGenerator.generate(scale, DEMO_SEED, dir);
    StringBuilder summary = new StringBuilder();
    for (DatasetSchema s : DemoDatasets.all()) {
      pool.register(definition(s));
      var info = pool.dataset(s.name()).orElseThrow();
      if (info.currentVersion() == null) {
        var r = pool.loadCsv(s.name(), dir.resolve(s.fileName()), "demo data, seed " + DEMO_SEED);
        summary
            .append(summary.length() == 0 ? "" : ", ")
            .append(s.name())
            .append('=')
            .append(r.rowsLoaded());
      }
    }
    return summary.toString();
  }

  static DatasetDefinition definition(DatasetSchema s) {
    List<ColumnInfo> cols =
        s.columns().stream()
            .map(
                (ColumnSchema c) ->
                    new ColumnInfo(c.name(), c.sqlType(), Sensitivity.valueOf(c.sensitivity())))
            .toList();
    return new DatasetDefinition(
        s.name(), s.description(), s.ownerDepartment(), s.districtColumn(), s.rowKeyColumn(), cols);
  }

  /**
   * Waits until every enabled model version is registered and runnable, so "ready" includes the
   * enablement.
   *
   * @param enablements the desired state
   * @param registry the model registry
   * @param max how long to wait
   * @return whether all were there in time
   * @throws InterruptedException when interrupted
   */
  static boolean awaitModels(Enablements enablements, ModelRegistry registry, Duration max)
      throws InterruptedException {
    long deadline = System.nanoTime() + max.toNanos();
    while (System.nanoTime() < deadline) {
      boolean all =
          enablements.all().stream()
              .filter(e -> e.version() != null)
              .allMatch(
                  e ->
                      registry
                          .model(e.modelId(), e.version())
                          .map(m -> m.runnable())
                          .orElse(false));
      if (all) {
        return true;
      }
      Thread.sleep(100);
    }
    return false;
  }
}
