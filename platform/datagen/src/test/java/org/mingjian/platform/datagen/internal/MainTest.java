package org.mingjian.platform.datagen.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {

  @TempDir Path tmp;

  private record Result(int code, String out, String err) {}

  private static Result run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  private void assertBad(String expectedMessagePart, String... args) {
    Result r = run(args);
    assertEquals(2, r.code(), r.err());
    assertTrue(r.err().contains(expectedMessagePart), r.err());
    assertTrue(r.err().contains("--help"), r.err());
    assertEquals("", r.out());
  }

  @Test
  void badArgumentsExitWithTwo() throws IOException {
    String out = tmp.resolve("o").toString();
    assertBad("missing --out");
    assertBad("missing --out", "--scale", "small");
    assertBad("unknown option --size", "--size", "small", "--out", out);
    assertBad("bad --scale 'huge'", "--scale", "huge", "--out", out);
    assertBad("bad --seed 'forty-two'", "--seed", "forty-two", "--out", out);
    assertBad("bad --seed '1e3'", "--seed=1e3", "--out", out);
    assertBad("--seed needs a value", "--out", out, "--seed");
    assertBad("--scale needs a value", "--scale", "--out", out);
    assertBad("unexpected argument extra", "--out", out, "extra");
    assertBad("--out given twice", "--out", out, "--out", out);
    Path file = Files.writeString(tmp.resolve("file.txt"), "x");
    assertBad("is not a directory", "--out", file.toString());
    assertEquals(false, Files.exists(tmp.resolve("o")), "nothing written on bad arguments");
  }

  @Test
  void helpPrintsUsage() {
    Result r = run("--help");
    assertEquals(0, r.code());
    assertTrue(r.out().startsWith("Usage:"), r.out());
    assertTrue(r.out().contains("--scale small|city"));
    assertEquals(0, run("--scale", "small", "-h").code(), "help after other options");
  }

  @Test
  void generatesSmall() throws IOException {
    Path dir = tmp.resolve("out");
    Result r = run("--scale", "small", "--seed=42", "--out", dir.toString());
    assertEquals(0, r.code(), r.err());
    for (String f :
        new String[] {
          "persons.csv", "civil_judgments.csv", "fund_withdrawals.csv", "ground_truth.csv"
        }) {
      assertTrue(Files.size(dir.resolve(f)) > 0, f);
      assertTrue(r.out().contains(f), "progress mentions " + f);
    }
    assertTrue(r.out().contains("fund_withdrawals") && r.out().contains("60,000 rows"), r.out());
    assertTrue(r.out().contains("Planted cases: 496 clues"), r.out());
    assertTrue(r.out().contains("Done in"), r.out());
  }
}
