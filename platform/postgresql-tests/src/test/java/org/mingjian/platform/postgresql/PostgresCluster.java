package org.mingjian.platform.postgresql;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * A throw-away PostgreSQL cluster for tests, started from the system's server binaries: {@code
 * initdb} into a temporary directory, {@code pg_ctl start} on a free loopback port with {@code
 * fsync=off}, and {@code pg_ctl stop} plus deletion of the directory at {@link #close()} (or when
 * the JVM exits). Nothing needs to be running beforehand; only the {@code postgresql} package must
 * be installed. {@code initdb} refuses to run as root, so as root both commands run as the {@code
 * postgres} user through {@code runuser}.
 *
 * <p>The binaries are looked for in {@code $MINGJIAN_PG_BIN}, then in the newest {@code
 * /usr/lib/postgresql/<version>/bin} (Debian, Ubuntu), then on the {@code PATH}. Without them the
 * tests fail, saying how to install them: a build that skipped them would claim a PostgreSQL
 * support it never checked.
 */
public final class PostgresCluster implements AutoCloseable {
  /** What a developer must do when the binaries are missing. */
  public static final String INSTALL_HINT = "install PostgreSQL: apt-get install -y postgresql";

  private static PostgresCluster shared;

  private final Path bin;
  private final Path dir;
  private final int port;
  private final boolean asPostgres;
  private final AtomicInteger databases = new AtomicInteger();
  private final String version;
  private boolean stopped;

  private PostgresCluster(Path bin, Path dir, int port, boolean asPostgres, String version) {
    this.bin = bin;
    this.dir = dir;
    this.port = port;
    this.asPostgres = asPostgres;
    this.version = version;
  }

  /**
   * The cluster shared by all tests of this JVM, started at the first call and stopped when the JVM
   * exits.
   *
   * @return the running cluster
   * @throws IllegalStateException when PostgreSQL is not installed or does not start
   */
  public static synchronized PostgresCluster shared() {
    if (shared == null) {
      PostgresCluster c = start();
      Runtime.getRuntime().addShutdownHook(new Thread(c::close, "stop test PostgreSQL"));
      shared = c;
    }
    return shared;
  }

  /**
   * Starts a new cluster.
   *
   * @return the running cluster; close it to stop and delete it
   * @throws IllegalStateException when PostgreSQL is not installed or does not start
   */
  public static PostgresCluster start() {
    return start(false);
  }

  /**
   * Starts a new cluster.
   *
   * @param durable with PostgreSQL's default durability ({@code fsync}, {@code synchronous_commit}
   *     and {@code full_page_writes} on), for benchmarks; else with all three off, for tests
   * @return the running cluster; close it to stop and delete it
   * @throws IllegalStateException when PostgreSQL is not installed or does not start
   */
  public static PostgresCluster start(boolean durable) {
    Path bin = binaries();
    boolean root = "root".equals(System.getProperty("user.name"));
    Path dir = null;
    try {
      dir = Files.createTempDirectory("mingjian-pg-");
      if (root) {
        exec(
            dir,
            List.of("id", "-u", "postgres"),
            "the postgres user (needed to run initdb as root)");
        exec(dir, List.of("chown", "postgres", dir.toString()), "chown of " + dir);
      }
      Path data = dir.resolve("data");
      exec(
          dir,
          command(
              root,
              bin.resolve("initdb"),
              "-D",
              data.toString(),
              "-U",
              "postgres",
              "-A",
              "trust",
              "-E",
              "UTF8",
              "--no-locale",
              "-N"),
          "initdb");
      String version = Files.readString(data.resolve("PG_VERSION"), StandardCharsets.UTF_8).strip();
      IllegalStateException last = null;
      for (int attempt = 0; attempt < 3; attempt++) {
        int port = freePort();
        try {
          exec(
              dir,
              command(
                  root,
                  bin.resolve("pg_ctl"),
                  "-D",
                  data.toString(),
                  "-l",
                  dir.resolve("server.log").toString(),
                  "-w",
                  "-t",
                  "60",
                  "-o",
                  "-p "
                      + port
                      + " -k "
                      + dir
                      + " -c listen_addresses=127.0.0.1 -c max_connections=50"
                      + (durable
                          ? ""
                          : " -c fsync=off -c synchronous_commit=off -c full_page_writes=off")
                      + System.getProperty("mingjian.bench.pg", ""),
                  "start"),
              "pg_ctl start");
          return new PostgresCluster(bin, dir, port, root, version);
        } catch (IllegalStateException e) {
          last = e; // most likely the port was taken in between: try another one
        }
      }
      throw last;
    } catch (IOException e) {
      delete(dir);
      throw new IllegalStateException("cannot start a test PostgreSQL: " + e.getMessage(), e);
    } catch (RuntimeException e) {
      delete(dir);
      throw e;
    }
  }

  /**
   * @return the server's major version, e.g. {@code 15}
   */
  public String version() {
    return version;
  }

  /**
   * @return the TCP port on 127.0.0.1
   */
  public int port() {
    return port;
  }

  /**
   * Creates a fresh database owned by a fresh login role (not a superuser), as an operator would
   * for Mingjian.
   *
   * @param prefix the start of the database and role name, lower case
   * @return a data source connecting as that role
   */
  public PGSimpleDataSource newDatabase(String prefix) {
    String name = prefix + "_" + databases.incrementAndGet();
    try (Connection c =
            DriverManager.getConnection(
                "jdbc:postgresql://127.0.0.1:" + port + "/postgres", "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("CREATE ROLE " + name + " LOGIN PASSWORD 'test'");
      st.execute("CREATE DATABASE " + name + " OWNER " + name + " ENCODING 'UTF8'");
    } catch (SQLException e) {
      throw new IllegalStateException("cannot create database " + name + ": " + e.getMessage(), e);
    }
    PGSimpleDataSource ds = new PGSimpleDataSource();
    ds.setServerNames(new String[] {"127.0.0.1"});
    ds.setPortNumbers(new int[] {port});
    ds.setDatabaseName(name);
    ds.setUser(name);
    ds.setPassword("test");
    return ds;
  }

  /** Stops the server at once and deletes its directory. */
  @Override
  public synchronized void close() {
    if (stopped) {
      return;
    }
    stopped = true;
    try {
      exec(
          dir,
          command(
              asPostgres,
              bin.resolve("pg_ctl"),
              "-D",
              dir.resolve("data").toString(),
              "-m",
              "immediate",
              "-w",
              "stop"),
          "pg_ctl stop");
    } catch (RuntimeException e) {
      System.err.println("test PostgreSQL: " + e.getMessage());
    } finally {
      delete(dir);
    }
  }

  static Path binaries() {
    List<Path> candidates = new ArrayList<>();
    String env = System.getenv("MINGJIAN_PG_BIN");
    if (env != null && !env.isBlank()) {
      candidates.add(Path.of(env));
    }
    Path debian = Path.of("/usr/lib/postgresql");
    if (Files.isDirectory(debian)) {
      try (Stream<Path> versions = Files.list(debian)) {
        versions
            .filter(p -> p.getFileName().toString().matches("\\d+(\\.\\d+)?"))
            .sorted(
                Comparator.comparingDouble(
                        (Path p) -> Double.parseDouble(p.getFileName().toString()))
                    .reversed())
            .forEach(p -> candidates.add(p.resolve("bin")));
      } catch (IOException e) {
        // look elsewhere
      }
    }
    for (String p : System.getenv().getOrDefault("PATH", "").split(":")) {
      if (!p.isBlank()) {
        candidates.add(Path.of(p));
      }
    }
    return binaries(candidates);
  }

  static Path binaries(List<Path> candidates) {
    for (Path c : candidates) {
      if (Files.isExecutable(c.resolve("initdb")) && Files.isExecutable(c.resolve("pg_ctl"))) {
        return c;
      }
    }
    throw new IllegalStateException(
        "The PostgreSQL tests need the PostgreSQL server binaries (initdb, pg_ctl), found neither in"
            + " $MINGJIAN_PG_BIN, /usr/lib/postgresql/*/bin nor on the PATH: "
            + INSTALL_HINT);
  }

  private static List<String> command(boolean asPostgres, Path program, String... args) {
    List<String> cmd = new ArrayList<>();
    if (asPostgres) {
      cmd.addAll(List.of("runuser", "-u", "postgres", "--"));
    }
    cmd.add(program.toString());
    cmd.addAll(List.of(args));
    return cmd;
  }

  private static void exec(Path dir, List<String> cmd, String what) {
    try {
      Path out = Files.createTempFile("mingjian-pg-cmd-", ".log");
      try {
        Process p =
            new ProcessBuilder(cmd)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .redirectOutput(out.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
          p.destroyForcibly();
          throw new IllegalStateException(what + " did not finish within 120 s");
        }
        if (p.exitValue() != 0) {
          String log = Files.readString(out, StandardCharsets.UTF_8);
          Path serverLog = dir.resolve("server.log");
          if (Files.isReadable(serverLog)) {
            log += "\n--- server.log ---\n" + Files.readString(serverLog, StandardCharsets.UTF_8);
          }
          throw new IllegalStateException(
              what + " failed (exit " + p.exitValue() + "): " + String.join(" ", cmd) + "\n" + log);
        }
      } finally {
        Files.deleteIfExists(out);
      }
    } catch (IOException e) {
      throw new IllegalStateException(what + " could not run: " + e.getMessage(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(what + " was interrupted", e);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      // a temporary directory: the OS cleans up eventually
    }
  }
}
