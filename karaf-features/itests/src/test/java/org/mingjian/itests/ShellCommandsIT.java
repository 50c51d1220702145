package org.mingjian.itests;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertFalse;
import static org.junit.Assert.assertTrue;
import static org.junit.Assert.fail;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.security.PrivilegedActionException;
import java.security.PrivilegedExceptionAction;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.security.auth.Subject;
import javax.security.auth.callback.Callback;
import javax.security.auth.callback.NameCallback;
import javax.security.auth.callback.PasswordCallback;
import javax.security.auth.callback.UnsupportedCallbackException;
import javax.security.auth.login.LoginContext;
import org.junit.Before;
import org.junit.Test;
import org.junit.runner.RunWith;
import org.mingjian.platform.runtime.Enablement;
import org.mingjian.platform.runtime.Enablements;
import org.ops4j.pax.exam.junit.PaxExam;
import org.ops4j.pax.exam.spi.reactors.ExamReactorStrategy;
import org.ops4j.pax.exam.spi.reactors.PerClass;

/**
 * The {@code mingjian:*} Karaf shell commands, run through Karaf's {@code SessionFactory} as a
 * logged-in user would: each command runs inside {@code Subject.doAs} with the subject of a login
 * to the {@code karaf} JAAS realm (the Mingjian realm: a {@code UserPrincipal} and the role
 * principals), as SSH and the console do. The marketplace checks the roles: an analyst cannot
 * switch a model off, a city administrator can switch it off and on again.
 *
 * <p>The Karaf shell API is not on this module's compile class path, so the session factory and the
 * session are called reflectively (the probe bundle imports their package dynamically).
 */
@RunWith(PaxExam.class)
@ExamReactorStrategy(PerClass.class)
public class ShellCommandsIT extends MingjianTestSupport {
  private static final String MODEL = "provident-fund-false-litigation";
  private static final String SESSION_FACTORY = "org.apache.karaf.shell.api.console.SessionFactory";
  private static final String SESSION = "org.apache.karaf.shell.api.console.Session";

  /** A command that failed: the messages of the exception and its causes, and what it printed. */
  static final class ShellFailure extends Exception {
    private static final long serialVersionUID = 1L;

    /** Without the cause: its classes (Karaf's, the marketplace's) are unknown to the driver. */
    ShellFailure(String message) {
      super(message);
    }
  }

  /** Waits for the demo users, the realm and the registration of the mingjian commands. */
  @Before
  public void awaitCommands() throws Exception {
    awaitReady();
    Subject admin = login("admin", DEMO_PASSWORD);
    List<String> last = new ArrayList<>(List.of("-"));
    try {
      await(
          "the mingjian:model-list command",
          () -> {
            try {
              execute(admin, "mingjian:model-list");
              return true;
            } catch (Exception e) {
              last.set(0, e.getMessage());
              return false;
            }
          });
    } catch (AssertionError e) {
      throw new AssertionError(e.getMessage() + "; last failure: " + last.get(0), e);
    }
  }

  @Test
  public void modelListShowsTheCatalog() throws Exception {
    String out = execute(login("admin", DEMO_PASSWORD), "mingjian:model-list");
    String[] lines = out.split("\\R");
    assertTrue(out, lines[0].startsWith("MODEL"));
    assertTrue(out, lines[0].contains("DISTRICTS"));
    boolean listed = false;
    for (String line : lines) {
      listed |= line.startsWith(MODEL + " ");
    }
    assertTrue(out, listed);
  }

  @Test
  public void withoutAMingjianLoginNothingRuns() throws Exception {
    try {
      String out = execute(null, "mingjian:model-list");
      fail("ran without a subject: " + out);
    } catch (ShellFailure expected) {
      assertTrue(
          expected.getMessage(),
          expected.getMessage().contains("not logged in as a Mingjian user"));
    }
  }

  @Test
  public void onlyACityAdministratorSwitchesAModelOffAndOn() throws Exception {
    Enablements enablements = awaitService(Enablements.class, null);
    MingjianHttp analystApi = http().withToken(login("chaoyang.analyst"));
    assertTrue(modelIds(analystApi).toString(), modelIds(analystApi).contains(MODEL));
    Optional<Enablement> before = enablements.get(MODEL);
    assertTrue("enabled at boot", before.isPresent());

    // an analyst is refused by the marketplace's role check, and nothing changes
    Subject analyst = login("chaoyang.analyst", DEMO_PASSWORD);
    try {
      String out = execute(analyst, "mingjian:disable " + MODEL);
      fail("an analyst disabled the model: " + out);
    } catch (ShellFailure expected) {
      assertTrue(expected.getMessage(), expected.getMessage().contains("FORBIDDEN"));
      assertTrue(expected.getMessage(), expected.getMessage().contains("roles"));
    }
    assertEquals(before, enablements.get(MODEL));
    assertTrue(modelIds(analystApi).contains(MODEL));

    // the city administrator switches it off: gone for the analyst
    Subject admin = login("admin", DEMO_PASSWORD);
    String off = execute(admin, "mingjian:disable " + MODEL);
    assertTrue(off, off.contains("disabled " + MODEL));
    assertFalse(enablements.get(MODEL).isPresent());
    await("the model gone from /models", () -> !modelIdsQuietly(analystApi).contains(MODEL));

    // ... and on again, city-wide: runnable for the analyst
    String on = execute(admin, "mingjian:enable --city-wide " + MODEL + " 1.0.0");
    assertTrue(on, on.contains(MODEL + " 1.0.0 in force: on city-wide"));
    Enablement now = enablements.get(MODEL).orElseThrow();
    assertEquals("1.0.0", now.version());
    assertTrue(now.cityWide());
    assertTrue(now.enabledIn("110105"));
    await("the model back in /models", () -> modelIdsQuietly(analystApi).contains(MODEL));

    // the catalog says where it is in force
    String list = execute(admin, "mingjian:model-list");
    assertTrue(list, list.lines().anyMatch(l -> l.startsWith(MODEL + " ") && l.contains("1.0.0")));
  }

  // ---------------------------------------------------------------------------------------------

  /** Logs in to the {@code karaf} realm (the Mingjian user store). */
  private static Subject login(String username, String password) throws Exception {
    LoginContext context =
        new LoginContext(
            "karaf",
            (Callback[] callbacks) -> {
              for (Callback c : callbacks) {
                if (c instanceof NameCallback n) {
                  n.setName(username);
                } else if (c instanceof PasswordCallback p) {
                  p.setPassword(password.toCharArray());
                } else {
                  throw new UnsupportedCallbackException(c);
                }
              }
            });
    context.login();
    return context.getSubject();
  }

  /**
   * Runs one command line in a new shell session as {@code subject} (none when {@code null}).
   *
   * @return what the command printed
   * @throws ShellFailure when the command failed: the messages of the exception chain
   */
  @SuppressWarnings("removal")
  private String execute(Subject subject, String command) throws Exception {
    Class<?> factoryType = Class.forName(SESSION_FACTORY);
    Class<?> sessionType = Class.forName(SESSION);
    Object factory = awaitService(factoryType, null);
    Method create =
        factoryType.getMethod("create", InputStream.class, PrintStream.class, PrintStream.class);
    Method execute = sessionType.getMethod("execute", CharSequence.class);
    Method close = sessionType.getMethod("close");
    ByteArrayOutputStream buffer = new ByteArrayOutputStream();
    PrintStream out = new PrintStream(buffer, true, StandardCharsets.UTF_8);
    PrivilegedExceptionAction<Object> run =
        () -> {
          // created inside doAs: the session's threads inherit the subject
          Object session = create.invoke(factory, new ByteArrayInputStream(new byte[0]), out, out);
          try {
            return execute.invoke(session, command);
          } finally {
            close.invoke(session);
          }
        };
    try {
      if (subject == null) {
        run.run();
      } else {
        Subject.doAs(subject, run);
      }
    } catch (PrivilegedActionException | InvocationTargetException e) {
      throw failure(command, e, buffer);
    }
    out.flush();
    return buffer.toString(StandardCharsets.UTF_8);
  }

  private static ShellFailure failure(String command, Throwable e, ByteArrayOutputStream buffer) {
    StringBuilder messages = new StringBuilder(command).append(" failed:");
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (!(t instanceof PrivilegedActionException || t instanceof InvocationTargetException)) {
        messages
            .append(" [")
            .append(t.getClass().getSimpleName())
            .append(": ")
            .append(t.getMessage())
            .append(']');
      }
    }
    messages.append(" output: ").append(buffer.toString(StandardCharsets.UTF_8));
    return new ShellFailure(messages.toString());
  }

  private static List<String> modelIds(MingjianHttp api) throws Exception {
    List<String> ids = new ArrayList<>();
    for (JsonNode m : MingjianHttp.json(api.get("/api/v1/models")).path("items")) {
      ids.add(m.path("modelId").asText());
    }
    return ids;
  }

  private static List<String> modelIdsQuietly(MingjianHttp api) {
    try {
      return modelIds(api);
    } catch (Exception e) {
      return List.of();
    }
  }
}
