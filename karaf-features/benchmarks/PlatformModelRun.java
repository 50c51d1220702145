/*
 * Platform side of the model benchmark (see README.md in this folder).
 *
 * Logs in, starts one warm-up run, then N measured runs of a model through the REST API. For each
 * run it records the client wall time from sending POST /api/v1/runs to the first GET
 * /api/v1/runs/{id} that shows SUCCEEDED (polling every --poll-ms), plus the server's figures:
 * stats.durationMs (startedAt..finishedAt), the queue time (requestedAt..startedAt, which includes
 * pinning the datasets) and the clue count (cluesNew + cluesUpdated).
 *
 * Single-file program (Java 11+ source launcher), JDK only:
 *
 *   MINGJIAN_DEMO_PASSWORD=... java PlatformModelRun.java --url http://localhost:8181 \
 *        --user chaoyang.analyst --model provident-fund-false-litigation --district 110105 --runs 5
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
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

public class PlatformModelRun {

  private static HttpClient http;
  private static String base;
  private static String token;

  public static void main(String[] args) {
    try {
      run(args);
    } catch (IllegalArgumentException e) {
      System.err.println("PlatformModelRun: " + e.getMessage());
      System.err.println(
          "usage: java PlatformModelRun.java --url URL --user NAME --model ID --district CODE"
              + " [--runs N] [--warmup N] [--poll-ms MS] [--timeout-s S] [--password-env VAR]");
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
    int pollMs = 10;
    int timeoutS = 900;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
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
        case "--timeout-s" -> timeoutS = Integer.parseInt(v);
        case "--password-env" -> passwordEnv = v;
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

    for (int w = 0; w < warmup; w++) {
      Result r = once(body, pollMs, timeoutS);
      System.out.printf(Locale.ROOT,
          "PLATFORM warmup wall_ms=%.1f duration_ms=%d queue_ms=%d server_total_ms=%d clues=%d new=%d updated=%d id=%s%n",
          r.wallMs, r.durationMs, r.queueMs, r.serverTotalMs, r.clues(), r.cluesNew, r.cluesUpdated, r.id);
    }
    double[] wall = new double[runs];
    double[] dur = new double[runs];
    double[] queue = new double[runs];
    double[] server = new double[runs];
    int clues = -1;
    for (int i = 0; i < runs; i++) {
      Result r = once(body, pollMs, timeoutS);
      wall[i] = r.wallMs;
      dur[i] = r.durationMs;
      queue[i] = r.queueMs;
      server[i] = r.serverTotalMs;
      System.out.printf(Locale.ROOT,
          "PLATFORM run %d wall_ms=%.1f duration_ms=%d queue_ms=%d server_total_ms=%d polls=%d clues=%d new=%d updated=%d id=%s%n",
          i + 1, r.wallMs, r.durationMs, r.queueMs, r.serverTotalMs, r.polls, r.clues(), r.cluesNew, r.cluesUpdated, r.id);
      if (clues >= 0 && clues != r.clues()) {
        throw new IllegalStateException("the clue count changed between runs: " + clues + " vs " + r.clues());
      }
      clues = r.clues();
    }
    Arrays.sort(wall);
    Arrays.sort(dur);
    Arrays.sort(queue);
    Arrays.sort(server);
    System.out.printf(Locale.ROOT,
        "SUMMARY platform wall_median_ms=%.1f wall_best_ms=%.1f dur_median_ms=%.1f dur_best_ms=%.1f"
            + " queue_median_ms=%.1f server_total_median_ms=%.1f clues=%d runs=%d poll_ms=%d%n",
        median(wall), wall[0], median(dur), dur[0], median(queue), median(server), clues, runs, pollMs);
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

    int clues() {
      return cluesNew + cluesUpdated;
    }
  }

  static Result once(String body, int pollMs, int timeoutS) throws Exception {
    long t0 = System.nanoTime();
    HttpResponse<String> created = send("POST", "/api/v1/runs", body);
    if (created.statusCode() != 202) {
      throw new IllegalStateException("POST /api/v1/runs answered " + created.statusCode() + ": " + created.body());
    }
    Result r = new Result();
    r.id = field(created.body(), "id");
    long deadline = t0 + timeoutS * 1_000_000_000L;
    while (true) {
      HttpResponse<String> got = send("GET", "/api/v1/runs/" + r.id, null);
      long now = System.nanoTime();
      r.polls++;
      if (got.statusCode() != 200) {
        throw new IllegalStateException("GET /api/v1/runs/" + r.id + " answered " + got.statusCode() + ": " + got.body());
      }
      String state = field(got.body(), "state");
      if ("SUCCEEDED".equals(state)) {
        r.wallMs = (now - t0) / 1e6;
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
      Thread.sleep(pollMs);
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
