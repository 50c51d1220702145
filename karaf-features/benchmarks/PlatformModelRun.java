/*
 * Platform side of the model benchmark (see README.md in this folder).
 *
 * Logs in, starts one warm-up run, then N measured runs of a model through the REST API. For each
 * run it records the client wall time from sending POST /api/v1/runs to the first GET
 * /api/v1/runs/{id} that shows SUCCEEDED (polling every --poll-ms; with --coarse-poll-ms, polling
 * that often until --fine-from times the shortest earlier run has passed, then every --poll-ms),
 * plus the server's figures:
 * stats.durationMs (startedAt..finishedAt), the queue time (requestedAt..startedAt, which includes
 * pinning the datasets) and the clue count (cluesNew + cluesUpdated). With --pid, also the CPU
 * time the Karaf JVM used during each run (from /proc/PID/stat, --clk-tck ticks per second), a
 * figure that suffers less than wall time when other processes compete for the cores.
 *
 * Single-file program (Java 11+ source launcher), JDK only:
 *
 *   MINGJIAN_DEMO_PASSWORD=... java PlatformModelRun.java --url http://localhost:8181 \
 *        --user chaoyang.analyst --model provident-fund-false-litigation --district 110105 --runs 5
 *
 * With "-- <raw runner command>" at the end (RawModelRun.java with --stdin), the measured platform
 * runs alternate with raw runs (platform run 1, raw run 1, platform run 2, ...), so that both sides
 * see the same background load; each pair's ratio is printed and a "SUMMARY interleaved" line ends.
 * The raw runner is idle while the platform runs and Karaf is idle while the raw query runs.
 * Each pair's clue count must equal the raw row count, unless --no-row-check is given (a Java
 * model's raw side reads its candidate rows, which are not one per clue).
 *
 * The password is read from the environment variable named by --password-env (default
 * MINGJIAN_DEMO_PASSWORD) so that it does not show in the process list.
 *
 * Prints one "PLATFORM ..." line per run and a final "SUMMARY platform ..." line. Exit code 0 on
 * success, 1 on any error (login refused, run not SUCCEEDED, clue count changing between runs,
 * timeout).
 */

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class PlatformModelRun {

  private static HttpClient http;
  private static String base;
  private static String token;
  private static long karafPid = -1;
  private static int ticksPerSecond = 100;

  /** CPU time (user + system) of the Karaf JVM so far, in ms, or -1 when unknown. */
  static long karafCpuMs() {
    if (karafPid <= 0) {
      return -1;
    }
    try {
      String stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc/" + karafPid + "/stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      // after "pid (comm) ": state is f[0], utime is field 14 of stat, i.e. f[11], stime f[12]
      long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
      return ticks * 1000 / ticksPerSecond;
    } catch (Exception e) {
      return -1;
    }
  }

  public static void main(String[] args) {
    try {
      run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("PlatformModelRun: " + e.getMessage());
      System.err.println(
          "usage: java PlatformModelRun.java --url URL --user NAME --model ID --district CODE"
              + " [--runs N] [--warmup N] [--poll-ms MS] [--coarse-poll-ms MS] [--fine-from F] [--timeout-s S]"
              + " [--password-env VAR]"
              + " [--pid KARAF_JVM_PID] [--clk-tck N] [--no-row-check] [-- raw runner command with --stdin]");
      System.exit(1);
    } catch (Exception e) {
      System.err.println("PlatformModelRun FAILED: " + e.getMessage());
      System.exit(1);
    }
  }

  static void run(String[] args) throws Exception {
    String user = null;
    String model = null;
    String district = null;
    String passwordEnv = "MINGJIAN_DEMO_PASSWORD";
    int runs = 5;
    int warmup = 1;
    int pollMs = 20;
    int coarseMs = 0;
    double fineFrom = 0.7;
    int timeoutS = 900;
    long pid = -1;
    int clkTck = 100;
    List<String> rawCommand = null;
    boolean rowCheck = true;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--")) {
        rawCommand = List.of(args).subList(i + 1, args.length);
        break;
      }
      if (a.equals("--no-row-check")) {
        rowCheck = false;
        continue;
      }
      if (i + 1 >= args.length) {
        throw new IllegalArgumentException("missing value after " + a);
      }
      String v = args[++i];
      switch (a) {
        case "--url" -> base = v.replaceAll("/+$", "");
        case "--user" -> user = v;
        case "--model" -> model = v;
        case "--district" -> district = v;
        case "--runs" -> runs = Integer.parseInt(v);
        case "--warmup" -> warmup = Integer.parseInt(v);
        case "--poll-ms" -> pollMs = Integer.parseInt(v);
        case "--coarse-poll-ms" -> coarseMs = Integer.parseInt(v);
        case "--fine-from" -> fineFrom = Double.parseDouble(v);
        case "--timeout-s" -> timeoutS = Integer.parseInt(v);
        case "--password-env" -> passwordEnv = v;
        case "--pid" -> pid = Long.parseLong(v);
        case "--clk-tck" -> clkTck = Integer.parseInt(v);
        default -> throw new IllegalArgumentException("unknown option " + a);
      }
    }
    if (base == null || user == null || model == null || district == null) {
      throw new IllegalArgumentException("--url, --user, --model and --district are required");
    }
    if (runs < 1) {
      throw new IllegalArgumentException("--runs must be at least 1");
    }
    String password = System.getenv(passwordEnv);
    if (password == null || password.isEmpty()) {
      throw new IllegalArgumentException("environment variable " + passwordEnv + " is not set");
    }
    http = HttpClient.newBuilder()
        .version(HttpClient.Version.HTTP_1_1)
        .connectTimeout(Duration.ofSeconds(10))
        .build();

    HttpResponse<String> login = send("POST", "/api/v1/auth/login",
        "{\"username\":" + json(user) + ",\"password\":" + json(password) + "}");
    if (login.statusCode() != 200) {
      throw new IllegalStateException("login as " + user + " answered " + login.statusCode() + ": " + login.body());
    }
    token = field(login.body(), "token");
    if (token == null) {
      throw new IllegalStateException("no token in the login answer");
    }
    String body = "{\"modelId\":" + json(model) + ",\"district\":" + json(district) + "}";
    karafPid = pid;
    ticksPerSecond = clkTck;

    Raw raw = null;
    if (rawCommand != null) {
      if (rawCommand.isEmpty()) {
        throw new IllegalArgumentException("no raw command after --");
      }
      raw = new Raw(rawCommand);
      raw.await("RAW ready");
    }
    for (int w = 0; w < warmup; w++) {
      Result r = once(body, pollMs, coarseMs, fineAfterMs(fineFrom), timeoutS);
      shortest = Math.min(shortest, r.serverTotalMs);
      System.out.printf(Locale.ROOT,
          "PLATFORM warmup wall_ms=%.1f duration_ms=%d queue_ms=%d server_total_ms=%d clues=%d new=%d updated=%d id=%s%n",
          r.wallMs, r.durationMs, r.queueMs, r.serverTotalMs, r.clues(), r.cluesNew, r.cluesUpdated, r.id);
    }
    double[] wall = new double[runs];
    double[] dur = new double[runs];
    double[] queue = new double[runs];
    double[] server = new double[runs];
    double[] cpu = new double[runs];
    double[] rawMs = new double[runs];
    double[] pairRatio = new double[runs];
    int clues = -1;
    for (int i = 0; i < runs; i++) {
      Result r = once(body, pollMs, coarseMs, fineAfterMs(fineFrom), timeoutS);
      shortest = Math.min(shortest, r.serverTotalMs);
      wall[i] = r.wallMs;
      dur[i] = r.durationMs;
      queue[i] = r.queueMs;
      server[i] = r.serverTotalMs;
      cpu[i] = r.cpuMs;
      System.out.printf(Locale.ROOT,
          "PLATFORM run %d wall_ms=%.1f duration_ms=%d queue_ms=%d server_total_ms=%d post_ms=%.1f polls=%d"
              + " poll_avg_ms=%.1f karaf_cpu_ms=%d clues=%d new=%d updated=%d id=%s%n",
          i + 1, r.wallMs, r.durationMs, r.queueMs, r.serverTotalMs, r.postMs, r.polls,
          r.pollMsTotal / r.polls, r.cpuMs, r.clues(), r.cluesNew, r.cluesUpdated, r.id);
      if (clues >= 0 && clues != r.clues()) {
        throw new IllegalStateException("the clue count changed between runs: " + clues + " vs " + r.clues());
      }
      clues = r.clues();
      if (raw != null) {
        String line = raw.runOnce();
        rawMs[i] = Double.parseDouble(value(line, "total_ms"));
        pairRatio[i] = r.wallMs / rawMs[i];
        long rawRows = Long.parseLong(value(line, "rows"));
        System.out.printf(Locale.ROOT, "PAIR %d platform_wall_ms=%.1f raw_ms=%.1f ratio=%.2f clues=%d raw_rows=%d%n",
            i + 1, r.wallMs, rawMs[i], pairRatio[i], r.clues(), rawRows);
        if (rowCheck && rawRows != r.clues()) {
          throw new IllegalStateException("the platform recorded " + r.clues() + " clues but the raw query returned "
              + rawRows + " rows");
        }
      }
    }
    if (raw != null) {
      raw.finish();
      Arrays.sort(rawMs);
      Arrays.sort(pairRatio);
      double[] wallSorted = wall.clone();
      Arrays.sort(wallSorted);
      System.out.printf(Locale.ROOT,
          "SUMMARY interleaved platform_wall_median_ms=%.1f platform_wall_best_ms=%.1f raw_median_ms=%.1f"
              + " raw_best_ms=%.1f ratio_median=%.2f ratio_best=%.2f runs=%d%n",
          median(wallSorted), wallSorted[0], median(rawMs), rawMs[0], median(pairRatio), pairRatio[0], runs);
    }
    Arrays.sort(wall);
    Arrays.sort(dur);
    Arrays.sort(queue);
    Arrays.sort(server);
    Arrays.sort(cpu);
    System.out.printf(Locale.ROOT,
        "SUMMARY platform wall_median_ms=%.1f wall_best_ms=%.1f dur_median_ms=%.1f dur_best_ms=%.1f"
            + " queue_median_ms=%.1f server_total_median_ms=%.1f cpu_median_ms=%.1f cpu_best_ms=%.1f"
            + " clues=%d runs=%d poll_ms=%d coarse_poll_ms=%d%n",
        median(wall), wall[0], median(dur), dur[0], median(queue), median(server), median(cpu), cpu[0],
        clues, runs, pollMs, coarseMs);
  }

  /** The raw runner (RawModelRun.java --stdin) as a child process, one measured run per request. */
  static final class Raw {
    private final Process process;
    private final java.io.BufferedReader out;
    private final java.io.Writer in;

    Raw(List<String> command) throws java.io.IOException {
      process = new ProcessBuilder(command).redirectErrorStream(true).start();
      out = new java.io.BufferedReader(new java.io.InputStreamReader(process.getInputStream(),
          java.nio.charset.StandardCharsets.UTF_8));
      in = new java.io.OutputStreamWriter(process.getOutputStream(), java.nio.charset.StandardCharsets.UTF_8);
    }

    /** Forwards the child's lines until one starts with prefix; returns it. */
    String await(String prefix) throws java.io.IOException, InterruptedException {
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println(line);
        if (line.startsWith(prefix)) {
          return line;
        }
      }
      int rc = process.waitFor();
      throw new IllegalStateException("the raw runner ended (exit " + rc + ") before printing " + prefix);
    }

    String runOnce() throws java.io.IOException, InterruptedException {
      in.write("run\n");
      in.flush();
      return await("RAW run ");
    }

    void finish() throws java.io.IOException, InterruptedException {
      in.write("quit\n");
      in.close();
      String line;
      while ((line = out.readLine()) != null) {
        System.out.println(line);
      }
      int rc = process.waitFor();
      if (rc != 0) {
        throw new IllegalStateException("the raw runner failed (exit " + rc + ")");
      }
    }
  }

  /** The value of key=value in a line of space-separated pairs. */
  static String value(String line, String key) {
    for (String part : line.split(" ")) {
      if (part.startsWith(key + "=")) {
        return part.substring(key.length() + 1);
      }
    }
    throw new IllegalStateException("no " + key + "= in: " + line);
  }

  static final class Result {
    String id;
    double wallMs;
    long durationMs;
    long queueMs;
    long serverTotalMs;
    int cluesNew;
    int cluesUpdated;
    int polls;
    double postMs;
    double pollMsTotal;
    long cpuMs;

    int clues() {
      return cluesNew + cluesUpdated;
    }
  }

  /** Shortest server time (requested to finished) seen so far, for the adaptive polling. */
  private static long shortest = Long.MAX_VALUE;

  static long fineAfterMs(double fraction) {
    return shortest == Long.MAX_VALUE ? 0 : (long) (shortest * fraction);
  }

  /**
   * One run. Polls every coarseMs (if > 0) until fineAfterMs have passed since the POST, then every
   * pollMs: the fine polling that sets the measurement's granularity only happens near the expected
   * end, so that the polls themselves (each one a JWT check, an H2 query and JSON) do not compete
   * with the run for the cores.
   */
  static Result once(String body, int pollMs, int coarseMs, long fineAfterMs, int timeoutS) throws Exception {
    long cpu0 = karafCpuMs();
    long t0 = System.nanoTime();
    HttpResponse<String> created = send("POST", "/api/v1/runs", body);
    long posted = System.nanoTime();
    if (created.statusCode() != 202) {
      throw new IllegalStateException("POST /api/v1/runs answered " + created.statusCode() + ": " + created.body());
    }
    Result r = new Result();
    r.id = field(created.body(), "id");
    r.postMs = (posted - t0) / 1e6;
    long deadline = t0 + timeoutS * 1_000_000_000L;
    while (true) {
      long before = System.nanoTime();
      HttpResponse<String> got = send("GET", "/api/v1/runs/" + r.id, null);
      long now = System.nanoTime();
      r.polls++;
      r.pollMsTotal += (now - before) / 1e6;
      if (got.statusCode() != 200) {
        throw new IllegalStateException("GET /api/v1/runs/" + r.id + " answered " + got.statusCode() + ": " + got.body());
      }
      String state = field(got.body(), "state");
      if ("SUCCEEDED".equals(state)) {
        r.wallMs = (now - t0) / 1e6;
        long cpu1 = karafCpuMs();
        r.cpuMs = cpu0 < 0 || cpu1 < 0 ? -1 : cpu1 - cpu0;
        String b = got.body();
        r.durationMs = number(b, "durationMs");
        r.cluesNew = (int) number(b, "cluesNew");
        r.cluesUpdated = (int) number(b, "cluesUpdated");
        Instant requested = Instant.parse(field(b, "requestedAt"));
        Instant started = Instant.parse(field(b, "startedAt"));
        Instant finished = Instant.parse(field(b, "finishedAt"));
        r.queueMs = Duration.between(requested, started).toMillis();
        r.serverTotalMs = Duration.between(requested, finished).toMillis();
        return r;
      }
      if (state == null || !(state.equals("QUEUED") || state.equals("RUNNING"))) {
        throw new IllegalStateException("run " + r.id + " ended " + state + ": " + got.body());
      }
      if (now > deadline) {
        throw new IllegalStateException("run " + r.id + " not finished after " + timeoutS + " s (state " + state + ")");
      }
      long elapsedMs = (System.nanoTime() - t0) / 1_000_000;
      if (coarseMs > 0 && elapsedMs < fineAfterMs) {
        Thread.sleep(Math.max(1, Math.min(coarseMs, fineAfterMs - elapsedMs)));
      } else {
        Thread.sleep(pollMs);
      }
    }
  }

  static HttpResponse<String> send(String method, String path, String body) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(60));
    if (token != null) {
      b.header("Authorization", "Bearer " + token);
    }
    if (body != null) {
      b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
    } else {
      b.method(method, HttpRequest.BodyPublishers.noBody());
    }
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  /** The first string value of "name" in a flat JSON text, or null (also for JSON null). */
  static String field(String jsonText, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*\"((?:[^\"\\\\]|\\\\.)*)\"").matcher(jsonText);
    return m.find() ? m.group(1) : null;
  }

  static long number(String jsonText, String name) {
    Matcher m = Pattern.compile("\"" + Pattern.quote(name) + "\"\\s*:\\s*(-?\\d+)").matcher(jsonText);
    if (!m.find()) {
      throw new IllegalStateException("no number \"" + name + "\" in " + jsonText);
    }
    return Long.parseLong(m.group(1));
  }

  static String json(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }

  static double median(double[] sorted) {
    int n = sorted.length;
    return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
  }
}
