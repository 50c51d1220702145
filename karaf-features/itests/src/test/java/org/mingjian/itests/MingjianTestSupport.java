package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.ops4j.pax.exam.CoreOptions.environment;
import static org.ops4j.pax.exam.CoreOptions.maven;
import static org.ops4j.pax.exam.CoreOptions.options;
import static org.ops4j.pax.exam.CoreOptions.systemProperty;
import static org.ops4j.pax.exam.CoreOptions.systemTimeout;
import static org.ops4j.pax.exam.CoreOptions.vmOption;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.configureConsole;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.editConfigurationFilePut;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.karafDistributionConfiguration;
import static org.ops4j.pax.exam.karaf.options.KarafDistributionOption.logLevel;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import javax.inject.Inject;
import org.ops4j.pax.exam.Configuration;
import org.ops4j.pax.exam.Option;
import org.ops4j.pax.exam.karaf.options.LogLevelOption.LogLevel;
import org.osgi.framework.Bundle;
import org.osgi.framework.BundleContext;
import org.osgi.framework.ServiceReference;
import org.osgi.util.tracker.ServiceTracker;

/**
 * Base class of the Pax Exam tests: boots the Mingjian distribution (the tar.gz built by
 * karaf-features/distribution) in a separate, offline Karaf process.
 *
 * <p>The {@link #config()} method runs in the test JVM (the "driver"); the test methods run inside
 * the Karaf container, in the probe bundle. Values computed in the driver reach the container as
 * system properties only (the HTTP port, for instance).
 *
 * <p>Knobs (system properties of the test JVM, e.g. {@code mvn verify
 * -Dmingjian.itest.timeout=300000}):
 *
 * <ul>
 *   <li>{@code mingjian.itest.distribution}: the tar.gz to boot (set by the pom; when absent the
 *       artifact is taken from the local Maven repository);
 *   <li>{@code mingjian.itest.timeout}: ms to wait for the container and for services (120000);
 *   <li>{@code mingjian.itest.logLevel}: root log level in the container (WARN);
 *   <li>{@code mingjian.itest.keepRuntime=true}: keep {@code target/exam/<uuid>} for debugging;
 *   <li>{@code mingjian.itest.debugPort}: start the container with a JDWP agent (suspend=y) there;
 *   <li>{@code mingjian.itest.demo.password}: the demo users' password (see below).
 * </ul>
 *
 * <p>Each container gets its own Mingjian home ({@code target/exam/home-<uuid>}, passed as {@code
 * -Dmingjian.home}), deleted when the test JVM exits.
 */
public abstract class MingjianTestSupport {

  /** System property carrying the container's HTTP port from the driver into the container. */
  public static final String HTTP_PORT_PROPERTY = "mingjian.itest.http.port";

  /**
   * Password of every demo user in the test container, handed to the platform both as the
   * environment variable {@code MINGJIAN_DEMO_PASSWORD} (the documented switch) and as the system
   * property {@code mingjian.demo.password}. Test-only: a real installation generates passwords.
   */
  public static final String DEMO_PASSWORD =
      System.getProperty("mingjian.itest.demo.password", "Itest-Demo-Passw0rd!");

  protected static final long TIMEOUT_MS = Long.getLong("mingjian.itest.timeout", 120_000L);

  /** Where the distribution is unpacked: one folder per container, deleted after the class. */
  protected static final File UNPACK_DIR = new File("target/exam").getAbsoluteFile();

  static {
    // Runs in the driver JVM (and, harmlessly, in the container when the probe loads the class).
    if (System.getProperty("karaf.base") == null) {
      KarafProcesses.killOrphans(UNPACK_DIR);
      KarafProcesses.killChildrenOnExit(UNPACK_DIR);
    }
  }

  @Inject protected BundleContext bundleContext;

  /** The Pax Exam configuration: subclasses add to it with {@link #extraOptions()}. */
  @Configuration
  public Option[] config() {
    int httpPort = freePort();
    String localRepo = localRepository();
    // A known runtime folder (instead of Pax Exam's random one) so that the JVM options below can
    // point into it. The archive's top-level folder is stripped when Pax Exam unpacks it.
    String runId = UUID.randomUUID().toString();
    File karafHome = new File(UNPACK_DIR, runId);
    List<Option> options = new ArrayList<>();
    options.add(
        karafDistributionConfiguration()
            .frameworkUrl(distributionUrl())
            .name("Mingjian")
            .unpackDirectory(UNPACK_DIR)
            .directoryNameFormat("'" + runId + "'")
            .useDeployFolder(false));
    // Pax Exam launches java itself, without the Java 9+ options of bin/karaf: add them.
    options.addAll(karafJvmOptions(karafHome));
    options.add(systemTimeout(TIMEOUT_MS));
    options.add(logLevel(LogLevel.valueOf(System.getProperty("mingjian.itest.logLevel", "WARN"))));
    // No console and no SSH server: nothing to log in with, and no fixed port to collide on.
    options.add(configureConsole().ignoreLocalConsole().ignoreRemoteShell());

    // Offline: the container resolves mvn: URLs from its system/ folder and the local Maven
    // repository only (Pax Exam's own "exam" feature bundles come from there; see the pom).
    options.add(
        editConfigurationFilePut(
            "etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.localRepository", localRepo));
    options.add(
        editConfigurationFilePut(
            "etc/org.ops4j.pax.url.mvn.cfg",
            "org.ops4j.pax.url.mvn.defaultRepositories",
            "${karaf.home.uri}${karaf.default.repository}@id=system.repository@snapshots, "
                + new File(localRepo).toURI()
                + "@id=local@snapshots"));
    options.add(
        editConfigurationFilePut(
            "etc/org.ops4j.pax.url.mvn.cfg", "org.ops4j.pax.url.mvn.repositories", ""));

    // A free HTTP port, known in the container as a system property.
    options.add(
        editConfigurationFilePut(
            "etc/org.ops4j.pax.web.cfg", "org.osgi.service.http.port", Integer.toString(httpPort)));
    options.add(systemProperty(HTTP_PORT_PROPERTY).value(Integer.toString(httpPort)));

    // The distribution's default Mingjian home (<karaf base>/mingjian, deleted with the runtime
    // folder), whatever MINGJIAN_HOME the developer has set: a -D wins over etc/system.properties.
    options.add(vmOption("-Dmingjian.home=" + new File(karafHome, "mingjian").getAbsolutePath()));

    // Scripted demo credentials (see DEMO_PASSWORD), demo data on.
    options.add(environment("MINGJIAN_DEMO=true"));
    options.add(environment("MINGJIAN_DEMO_PASSWORD=" + DEMO_PASSWORD));
    options.add(systemProperty("mingjian.demo.password").value(DEMO_PASSWORD));

    if (Boolean.getBoolean("mingjian.itest.keepRuntime")) {
      options.add(org.ops4j.pax.exam.karaf.options.KarafDistributionOption.keepRuntimeFolder());
    }
    String debugPort = System.getProperty("mingjian.itest.debugPort");
    if (debugPort != null) {
      options.add(
          org.ops4j.pax.exam.karaf.options.KarafDistributionOption.debugConfiguration(
              debugPort, true));
    }
    options.addAll(Arrays.asList(extraOptions()));
    return options.toArray(new Option[0]);
  }

  /** Additional Pax Exam options of a test class (system properties, config edits, ...). */
  protected Option[] extraOptions() {
    return options();
  }

  // ---------------------------------------------------------------------------------------------
  // Driver side
  // ---------------------------------------------------------------------------------------------

  /** What bin/karaf (and our bin/setenv) pass to a Java 9+ JVM, which Pax Exam does not. */
  private static List<Option> karafJvmOptions(File karafHome) {
    String karafVersion = System.getProperty("mingjian.itest.karaf.version", "4.4.10");
    String endorsed = new File(karafHome, "lib/endorsed").getAbsolutePath();
    List<String> args =
        new ArrayList<>(
            List.of(
                "-XX:+UnlockDiagnosticVMOptions",
                "-Djava.security.manager=allow",
                "--add-reads=java.xml=java.logging",
                "--add-exports=java.base/org.apache.karaf.specs.locator=java.xml,ALL-UNNAMED",
                "--patch-module",
                "java.base="
                    + endorsed
                    + "/org.apache.karaf.specs.locator-"
                    + karafVersion
                    + ".jar",
                "--patch-module",
                "java.xml="
                    + endorsed
                    + "/org.apache.karaf.specs.java.xml-"
                    + karafVersion
                    + ".jar",
                "--add-opens=java.base/java.security=ALL-UNNAMED",
                "--add-opens=java.base/java.net=ALL-UNNAMED",
                "--add-opens=java.base/java.lang=ALL-UNNAMED",
                "--add-opens=java.base/java.util=ALL-UNNAMED",
                "--add-opens=java.naming/javax.naming.spi=ALL-UNNAMED",
                "--add-opens=java.rmi/sun.rmi.transport.tcp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.file=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.ftp=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.http=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.https=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.protocol.jar=ALL-UNNAMED",
                "--add-exports=java.base/sun.net.www.content.text=ALL-UNNAMED",
                "--add-exports=jdk.xml.dom/org.w3c.dom.html=ALL-UNNAMED",
                "--add-exports=jdk.naming.rmi/com.sun.jndi.url.rmi=ALL-UNNAMED",
                "--add-exports=java.rmi/sun.rmi.registry=ALL-UNNAMED",
                "--add-exports=java.security.sasl/com.sun.security.sasl=ALL-UNNAMED",
                "--add-exports=java.naming/com.sun.jndi.ldap=ALL-UNNAMED",
                // DuckDB extracts its ~70 MB native library to java.io.tmpdir: keep it in data/tmp
                "-Djava.io.tmpdir=" + new File(karafHome, "data/tmp").getAbsolutePath(),
                // bin/setenv: the Aries JAX-RS API jar fails JDK 17's ZIP64 extra-field check
                "-Djdk.util.zip.disableZip64ExtraFieldValidation=true"));
    List<Option> options = new ArrayList<>();
    for (String arg : args) {
      options.add(vmOption(arg));
    }
    return options;
  }

  private static String distributionUrl() {
    String file = System.getProperty("mingjian.itest.distribution");
    if (file != null && !file.isBlank() && !file.startsWith("${") && new File(file).isFile()) {
      return new File(file).toURI().toString();
    }
    // e.g. run from an IDE: the artifact installed in the local repository by `mvn install`
    return maven()
        .groupId("org.mingjian")
        .artifactId("mingjian-distribution")
        .type("tar.gz")
        .versionAsInProject()
        .getURL();
  }

  private static String localRepository() {
    String repo = System.getProperty("maven.repo.local");
    if (repo == null || repo.isBlank() || repo.startsWith("${")) {
      repo = Path.of(System.getProperty("user.home"), ".m2", "repository").toString();
    }
    return new File(repo).getAbsolutePath();
  }

  private static int freePort() {
    try (ServerSocket socket = new ServerSocket(0)) {
      socket.setReuseAddress(true);
      return socket.getLocalPort();
    } catch (IOException e) {
      throw new IllegalStateException("no free port", e);
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Container side
  // ---------------------------------------------------------------------------------------------

  /** The HTTP port of this container (Pax Web / Jetty). */
  protected static int httpPort() {
    return Integer.getInteger(HTTP_PORT_PROPERTY, 8181);
  }

  /** An HTTP client for {@code http://localhost:<port>}, with Jackson for JSON. */
  protected static MingjianHttp http() {
    return new MingjianHttp("http://localhost:" + httpPort(), Duration.ofSeconds(30));
  }

  /** The installed bundle with this symbolic name, if any. */
  protected Optional<Bundle> bundle(String symbolicName) {
    return Arrays.stream(bundleContext.getBundles())
        .filter(b -> symbolicName.equals(b.getSymbolicName()))
        .findFirst();
  }

  /** Symbolic names of the installed bundles that are not ACTIVE (fragments excluded). */
  protected List<String> inactiveBundles() {
    List<String> result = new ArrayList<>();
    for (Bundle b : bundleContext.getBundles()) {
      boolean fragment = b.getHeaders().get("Fragment-Host") != null;
      if (!fragment && b.getState() != Bundle.ACTIVE) {
        result.add(b.getSymbolicName() + " " + b.getVersion() + " state=" + b.getState());
      }
    }
    return result;
  }

  /** Waits (up to the test timeout) for a service of this type matching the LDAP filter. */
  protected <T> T awaitService(Class<T> type, String filter) throws Exception {
    String f =
        filter == null
            ? "(objectClass=" + type.getName() + ")"
            : "(&(objectClass=" + type.getName() + ")" + filter + ")";
    ServiceTracker<T, T> tracker =
        new ServiceTracker<>(bundleContext, bundleContext.createFilter(f), null);
    tracker.open();
    try {
      if (tracker.waitForService(TIMEOUT_MS) == null) {
        throw new AssertionError("no service " + f + " within " + TIMEOUT_MS + " ms");
      }
      // held by the probe's context (not the tracker's), so it stays valid after close()
      return type.cast(bundleContext.getService(tracker.getServiceReference()));
    } finally {
      tracker.close();
    }
  }

  /** Service properties of the first service matching {@code filter}, or an empty map. */
  protected Map<String, Object> serviceProperties(String clazz, String filter) throws Exception {
    ServiceReference<?>[] refs = bundleContext.getServiceReferences(clazz, filter);
    if (refs == null || refs.length == 0) {
      return Map.of();
    }
    java.util.Map<String, Object> props = new java.util.TreeMap<>();
    for (String key : refs[0].getPropertyKeys()) {
      props.put(key, refs[0].getProperty(key));
    }
    return props;
  }

  /** Logs a demo user in with {@link #DEMO_PASSWORD} and returns the token; fails unless 200. */
  protected static String login(String user) throws Exception {
    java.net.http.HttpResponse<String> r =
        http().post("/api/v1/auth/login", Map.of("username", user, "password", DEMO_PASSWORD));
    org.junit.Assert.assertEquals(user + ": " + r.body(), 200, r.statusCode());
    return MingjianHttp.json(r).path("token").asText();
  }

  /**
   * Polls {@code GET /runs/{id}} until the run has ended.
   *
   * @return the run in its final state (whatever it is)
   */
  protected static JsonNode awaitRunEnd(MingjianHttp api, String id) throws Exception {
    return awaitEnd(api, "/api/v1/runs/" + id);
  }

  /**
   * Polls a run or an ingestion ({@code GET path}) until its state is neither QUEUED nor RUNNING.
   *
   * @return it in its final state (whatever it is)
   */
  protected static JsonNode awaitEnd(MingjianHttp api, String path) throws Exception {
    long deadline = System.currentTimeMillis() + TIMEOUT_MS;
    JsonNode last = null;
    while (System.currentTimeMillis() < deadline) {
      HttpResponse<String> r = api.get(path);
      assertEquals(r.body(), 200, r.statusCode());
      last = MingjianHttp.json(r);
      String state = last.path("state").asText();
      if (!state.equals("QUEUED") && !state.equals("RUNNING")) {
        return last;
      }
      Thread.sleep(50);
    }
    throw new AssertionError(path + " did not end: " + last);
  }

  /**
   * Starts a run of a model in a district and waits for it to succeed.
   *
   * @return the run in its final state
   */
  protected static JsonNode runToEnd(MingjianHttp api, String modelId, String district)
      throws Exception {
    HttpResponse<String> started =
        api.post("/api/v1/runs", Map.of("modelId", modelId, "district", district));
    assertEquals(modelId + ": " + started.body(), 202, started.statusCode());
    JsonNode run = awaitRunEnd(api, MingjianHttp.json(started).path("id").asText());
    assertEquals(modelId + ": " + run, "SUCCEEDED", run.path("state").asText());
    return run;
  }

  protected static void awaitReady() throws InterruptedException {
    await(
        "health 200",
        () -> {
          try {
            return http().get("/api/v1/health").statusCode() == 200;
          } catch (java.io.IOException e) {
            return false;
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
          }
        });
  }

  /** Polls {@code condition} until it holds or the test timeout elapses. */
  protected static void await(String what, java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    Instant deadline = Instant.now().plusMillis(TIMEOUT_MS);
    while (!condition.getAsBoolean()) {
      if (Instant.now().isAfter(deadline)) {
        throw new AssertionError("timed out after " + TIMEOUT_MS + " ms waiting for " + what);
      }
      Thread.sleep(200);
    }
  }
}
