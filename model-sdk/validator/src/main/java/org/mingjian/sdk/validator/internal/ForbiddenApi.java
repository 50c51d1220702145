package org.mingjian.sdk.validator.internal;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The bytecode policy of the marketplace: what a model's classes may not reference. A model reads
 * its declared datasets through the SDK and reports clues; it has no business opening sockets,
 * starting processes or threads, writing files, loading code or reaching into the platform.
 *
 * <p>Owners are internal class names; {@code *} matches any run of characters (including {@code
 * /}). A rule without members forbids the whole type: any member of it, creating it, casting to it,
 * its class literal, and extending or implementing it. A rule with members forbids only those
 * methods or fields ({@code <init>} is a constructor); a descriptor prefix narrows it to certain
 * overloads. The first matching rule gives the reason; {@link #ALLOWED} types are never reported.
 */
public final class ForbiddenApi {
  private ForbiddenApi() {}

  /** Types inside forbidden packages that are harmless. */
  static final List<String> ALLOWED = List.of("java/net/URI", "java/net/URISyntaxException");

  private static final String NETWORK = "network access";
  private static final String PROCESS = "process execution";
  private static final String EXIT = "stops the JVM";
  private static final String NATIVE = "loads native code";
  private static final String JVM_STATE = "changes JVM-wide state";
  private static final String REFLECTION = "reflection that breaks encapsulation";
  private static final String CLASS_LOADING = "loads or defines classes";
  private static final String FILE_WRITE = "file write";
  private static final String THREADS = "starts threads";
  private static final String INTERNAL = "JDK internals";
  private static final String PLATFORM = "platform internals; use the SDK API";

  /** The policy: type(owner, reason), members(owner, members, reason), overloads(...). */
  static final List<Rule> RULES =
      List.of(
          type("java/net/*", NETWORK),
          type("java/nio/channels/*Socket*", NETWORK),
          type("jdk/net/*", NETWORK),
          type("com/sun/net/*", NETWORK),
          type("java/lang/ProcessBuilder*", PROCESS),
          type("java/lang/ProcessHandle*", PROCESS),
          members("java/lang/Runtime", "exec", PROCESS),
          members("java/lang/Runtime", "exit|halt", EXIT),
          members("java/lang/System", "exit", EXIT),
          members("java/lang/Runtime", "load|loadLibrary", NATIVE),
          members("java/lang/System", "load|loadLibrary", NATIVE),
          members(
              "java/lang/System",
              "setProperty|setProperties|clearProperty|setSecurityManager|setIn|setOut|setErr",
              JVM_STATE),
          members("java/lang/Runtime", "addShutdownHook|removeShutdownHook", JVM_STATE),
          members(
              "java/lang/reflect/AccessibleObject", "setAccessible|trySetAccessible", REFLECTION),
          members("java/lang/reflect/Field", "setAccessible|trySetAccessible", REFLECTION),
          members("java/lang/reflect/Method", "setAccessible|trySetAccessible", REFLECTION),
          members("java/lang/reflect/Constructor", "setAccessible|trySetAccessible", REFLECTION),
          members(
              "java/lang/reflect/Method", "invoke", "reflective call (would escape this check)"),
          members("java/lang/invoke/MethodHandles", "privateLookupIn", REFLECTION),
          members(
              "java/lang/invoke/MethodHandles$Lookup",
              "defineClass|defineHiddenClass*",
              CLASS_LOADING),
          members("java/lang/ClassLoader", "defineClass", CLASS_LOADING),
          members("java/security/SecureClassLoader", "defineClass", CLASS_LOADING),
          members("java/lang/Class", "forName", CLASS_LOADING),
          type("java/io/FileOutputStream", FILE_WRITE),
          type("java/io/FileWriter", FILE_WRITE),
          type("java/io/RandomAccessFile", FILE_WRITE),
          members(
              "java/nio/file/Files",
              "write*|delete*|move|copy|create*|newOutputStream|newBufferedWriter|set*",
              FILE_WRITE),
          members(
              "java/io/File",
              "delete|deleteOnExit|renameTo|createNewFile|createTempFile|mkdir|mkdirs|set*",
              FILE_WRITE),
          overloads("java/io/PrintWriter", "<init>", "(Ljava/lang/String;", FILE_WRITE),
          overloads("java/io/PrintWriter", "<init>", "(Ljava/io/File;", FILE_WRITE),
          overloads("java/io/PrintStream", "<init>", "(Ljava/lang/String;", FILE_WRITE),
          overloads("java/io/PrintStream", "<init>", "(Ljava/io/File;", FILE_WRITE),
          overloads("java/util/Formatter", "<init>", "(Ljava/lang/String;", FILE_WRITE),
          overloads("java/util/Formatter", "<init>", "(Ljava/io/File;", FILE_WRITE),
          members("java/nio/channels/FileChannel", "open", FILE_WRITE),
          members("java/nio/channels/AsynchronousFileChannel", "open", FILE_WRITE),
          members("java/lang/Thread", "<init>|ofPlatform|ofVirtual|startVirtualThread", THREADS),
          type("java/util/concurrent/Executors", THREADS),
          members("java/util/concurrent/ThreadPoolExecutor", "<init>", THREADS),
          members("java/util/concurrent/ScheduledThreadPoolExecutor", "<init>", THREADS),
          members("java/util/concurrent/ForkJoinPool", "<init>", THREADS),
          members("java/util/Timer", "<init>", THREADS),
          type("sun/misc/Unsafe", "unsafe memory access"),
          type("sun/*", INTERNAL),
          type("jdk/internal/*", INTERNAL),
          type("javax/script/*", "script engines run arbitrary code"),
          type("org/osgi/framework/*", PLATFORM),
          type("org/apache/felix/*", PLATFORM),
          type("org/apache/karaf/*", PLATFORM),
          type("org/mingjian/platform/*", PLATFORM),
          type("org/mingjian/sdk/runner/*", PLATFORM));

  /**
   * One line of the policy.
   *
   * @param owner the owner pattern
   * @param members the member pattern, {@code null} for the whole type
   * @param descriptorPrefix only overloads whose descriptor starts with this, or {@code null}
   * @param reason why it is forbidden, shown to the technician
   */
  record Rule(Pattern owner, Pattern members, String descriptorPrefix, String reason) {
    boolean wholeType() {
      return members == null;
    }
  }

  private static Rule type(String owner, String reason) {
    return new Rule(glob(owner), null, null, reason);
  }

  private static Rule members(String owner, String members, String reason) {
    return new Rule(glob(owner), glob(members), null, reason);
  }

  private static Rule overloads(String owner, String member, String descPrefix, String reason) {
    return new Rule(glob(owner), glob(member), descPrefix, reason);
  }

  private static Pattern glob(String g) {
    StringBuilder b = new StringBuilder();
    for (String alt : g.split("\\|")) {
      if (b.length() > 0) {
        b.append('|');
      }
      String[] parts = alt.split("\\*", -1);
      for (int i = 0; i < parts.length; i++) {
        if (i > 0) {
          b.append(".*");
        }
        b.append(Pattern.quote(parts[i]));
      }
    }
    return Pattern.compile(b.toString());
  }

  /**
   * Whether using a type as such (creating, casting, class literal, extending) is forbidden.
   *
   * @param type an internal class name
   * @return the reason, if forbidden
   */
  public static Optional<String> forType(String type) {
    if (ALLOWED.contains(type)) {
      return Optional.empty();
    }
    return RULES.stream()
        .filter(r -> r.wholeType() && r.owner().matcher(type).matches())
        .map(Rule::reason)
        .findFirst();
  }

  /**
   * Whether a method or field reference is forbidden.
   *
   * @param owner the internal name of the declaring type
   * @param name the member name ({@code <init>} for constructors)
   * @param descriptor the member descriptor
   * @return the reason, if forbidden
   */
  public static Optional<String> forMember(String owner, String name, String descriptor) {
    if (ALLOWED.contains(owner)) {
      return Optional.empty();
    }
    for (Rule r : RULES) {
      if (!r.owner().matcher(owner).matches()) {
        continue;
      }
      if (r.wholeType()) {
        return Optional.of(r.reason());
      }
      if (r.members().matcher(name).matches()
          && (r.descriptorPrefix() == null
              || descriptor != null && descriptor.startsWith(r.descriptorPrefix()))) {
        return Optional.of(r.reason());
      }
    }
    return Optional.empty();
  }
}
