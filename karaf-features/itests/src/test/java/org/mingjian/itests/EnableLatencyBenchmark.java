package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mingjian.platform.runtime.ModelRegistry;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * Benchmark, not a test (failsafe runs only *IT classes): how long from the request to a model
 * being runnable, through the marketplace ({@code PUT /enablements}, which installs from the
 * artifact store) and through Karaf's deploy folder (copy the jar, wait for the registry), in the
 * same container, interleaved. Run with {@code karaf-features/benchmarks/run-enable-benchmark.sh}.
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class EnableLatencyBenchmark extends MingjianTestSupport {
  private static final int CYCLES = Integer.getInteger("mingjian.bench.cycles", 20);

  @Test
  public void enableViaMarketplaceVersusDeployFolder() throws Exception {
    awaitReady();
    MingjianHttp dev = http().withToken(login("chaoyang.dev"));
    MingjianHttp reviewer = http().withToken(login("reviewer"));
    MingjianHttp admin = http().withToken(login("admin"));
    String id =
        MingjianHttp.json(
                dev.send(
                    java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create(dev.baseUrl() + "/api/v1/marketplace/submissions"))
                        .header("Content-Type", "application/java-archive")
                        .POST(
                            java.net.http.HttpRequest.BodyPublishers.ofByteArray(
                                MarketplaceIT.variant("bench-market", "1.0.0", null)))))
            .path("id")
            .asText();
    assertEquals(
        200,
        reviewer.post("/api/v1/marketplace/submissions/" + id + "/approve", Map.of()).statusCode());
    byte[] deployJar = MarketplaceIT.variant("bench-deploy", "1.0.0", null);
    Path deploy = new File(System.getProperty("karaf.home"), "deploy").toPath();
    ModelRegistry registry = awaitService(ModelRegistry.class, null);

    List<Long> market = new ArrayList<>();
    List<Long> folder = new ArrayList<>();
    for (int i = 0; i < CYCLES + 2; i++) {
      // marketplace: the PUT returns once the model is runnable
      long t0 = System.nanoTime();
      var r =
          admin.put(
              "/api/v1/enablements/bench-market", Map.of("version", "1.0.0", "cityWide", true));
      long t1 = System.nanoTime();
      assertEquals(r.body(), 200, r.statusCode());
      assertTrue(registry.model("bench-market", "1.0.0").orElseThrow().runnable());
      assertEquals(204, admin.delete("/api/v1/enablements/bench-market").statusCode());

      // deploy folder: copy the jar, wait until the registry has the model
      Path tmp = deploy.resolve("bench-deploy.jar.tmp");
      Files.write(tmp, deployJar);
      long t2 = System.nanoTime();
      Files.move(tmp, deploy.resolve("bench-deploy.jar"), StandardCopyOption.ATOMIC_MOVE);
      while (registry.model("bench-deploy", "1.0.0").map(m -> !m.runnable()).orElse(true)) {
        Thread.sleep(2);
      }
      long t3 = System.nanoTime();
      Files.delete(deploy.resolve("bench-deploy.jar"));
      while (registry.model("bench-deploy", "1.0.0").isPresent()) {
        Thread.sleep(20);
      }
      if (i >= 2) { // two warm-up cycles
        market.add((t1 - t0) / 1_000_000);
        folder.add((t3 - t2) / 1_000_000);
      }
    }
    long m = median(market);
    long f = median(folder);
    String line =
        String.format(
            "enable-to-runnable over %d cycles: marketplace PUT median %d ms (min %d, max %d);"
                + " deploy folder median %d ms (min %d, max %d); deploy/marketplace = %.1fx",
            CYCLES,
            m,
            Collections.min(market),
            Collections.max(market),
            f,
            Collections.min(folder),
            Collections.max(folder),
            f / (double) Math.max(1, m));
    System.out.println("MINGJIAN-BENCH " + line);
    Files.writeString(
        new File(System.getProperty("mingjian.bench.out", "/tmp/mingjian-enable-bench.txt"))
            .toPath(),
        line + "\nmarketplace ms: " + market + "\ndeploy folder ms: " + folder + "\n");
  }

  private static long median(List<Long> xs) {
    List<Long> s = new ArrayList<>(xs);
    Collections.sort(s);
    return s.get(s.size() / 2);
  }
}
