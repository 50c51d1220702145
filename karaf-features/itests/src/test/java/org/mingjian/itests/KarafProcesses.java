package org.mingjian.itests;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Safety net so that a failed or hung test container never outlives the build.
 *
 * <p>Pax Exam starts Karaf as a child process of the test JVM and normally stops it after the test
 * class. When the container never comes up, Pax Exam does not stop it; it only asks it to terminate
 * from a JVM shutdown hook, without waiting. This class adds a shutdown hook that terminates, then
 * kills after a grace period, every child process of this JVM running a Karaf unpacked under our
 * unpack directory; and at start-up it kills orphans of an earlier run that was itself killed (a
 * Karaf unpacked under the same directory whose parent has died).
 *
 * <p>Processes are recognised by {@code -Dkaraf.base=<unpack dir>/...} on their command line.
 */
final class KarafProcesses {

  private static final long GRACE_MS = 10_000;

  private KarafProcesses() {}

  static void killChildrenOnExit(File unpackDir) {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(() -> terminate(ourKarafs(unpackDir, true)), "mingjian-itest-karaf-reaper"));
  }

  static void killOrphans(File unpackDir) {
    List<ProcessHandle> orphans =
        ourKarafs(unpackDir, false).stream()
            .filter(p -> p.parent().map(parent -> parent.pid() == 1).orElse(true))
            .collect(Collectors.toList());
    if (!orphans.isEmpty()) {
      System.err.println(
          "[mingjian-itests] killing Karaf processes left over by an earlier run: " + orphans);
      terminate(orphans);
    }
    // Runtime folders (and homes) of runs that were killed before they could clean up.
    List<String> inUse =
        ourKarafs(unpackDir, false).stream()
            .map(p -> p.info().commandLine().orElse(""))
            .collect(Collectors.toList());
    File[] leftovers = unpackDir.listFiles(File::isDirectory);
    if (leftovers != null) {
      for (File dir : leftovers) {
        String path = dir.getAbsolutePath() + File.separator;
        if (inUse.stream().noneMatch(cmd -> cmd.contains(path))) {
          deleteRecursively(dir);
        }
      }
    }
  }

  private static List<ProcessHandle> ourKarafs(File unpackDir, boolean childrenOnly) {
    String marker = "-Dkaraf.base=" + unpackDir.getAbsolutePath() + File.separator;
    return (childrenOnly ? ProcessHandle.current().descendants() : ProcessHandle.allProcesses())
        .filter(ProcessHandle::isAlive)
        .filter(p -> p.info().commandLine().map(cmd -> cmd.contains(marker)).orElse(false))
        .collect(Collectors.toList());
  }

  private static void deleteRecursively(File dir) {
    if (!dir.exists()) {
      return;
    }
    try (Stream<Path> paths = Files.walk(dir.toPath())) {
      paths.sorted(Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
    } catch (IOException | UncheckedIOException e) {
      System.err.println("[mingjian-itests] could not delete " + dir + ": " + e);
    }
  }

  private static void terminate(List<ProcessHandle> processes) {
    if (processes.isEmpty()) {
      return;
    }
    processes.forEach(ProcessHandle::destroy);
    for (ProcessHandle p : processes) {
      try {
        p.onExit().get(GRACE_MS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        p.destroyForcibly();
      }
    }
  }
}
