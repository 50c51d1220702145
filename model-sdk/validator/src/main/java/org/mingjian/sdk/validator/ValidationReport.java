package org.mingjian.sdk.validator;

import java.util.List;
import java.util.Optional;
import org.mingjian.sdk.descriptor.ModelDescriptor;

/**
 * The result of validating one bundle: one {@link Check} per check name, in a fixed order, plus
 * what could be read from the bundle.
 *
 * @param checks one line per check, in the order {@code archive, manifest, sdk-range, descriptor,
 *     data-contract, sql, bytecode, signature}
 * @param descriptor the model descriptor, or {@code null} if it could not be read
 * @param symbolicName the Bundle-SymbolicName, or {@code null}
 * @param bundleVersion the Bundle-Version as written, or {@code null}
 * @param modelId the model id from the descriptor, or {@code null}
 * @param modelVersion the model version from the descriptor, or {@code null}
 * @param sha256 the SHA-256 of the jar bytes, lower-case hex
 * @param sql the SQL text of a SQL-only model, else {@code null}
 */
public record ValidationReport(
    List<Check> checks,
    ModelDescriptor descriptor,
    String symbolicName,
    String bundleVersion,
    String modelId,
    String modelVersion,
    String sha256,
    String sql) {

  /** Copies the check list. */
  public ValidationReport {
    checks = List.copyOf(checks);
  }

  /**
   * @return whether no check failed
   */
  public boolean passed() {
    return firstFailure().isEmpty();
  }

  /**
   * @return the first failed check, if any
   */
  public Optional<Check> firstFailure() {
    return checks.stream().filter(c -> c.outcome() == Outcome.FAIL).findFirst();
  }

  /**
   * @param name a check name
   * @return that check's line
   */
  public Optional<Check> check(String name) {
    return checks.stream().filter(c -> c.check().equals(name)).findFirst();
  }

  /**
   * @return the report as text, one check per line
   */
  public String summary() {
    StringBuilder b = new StringBuilder();
    for (Check c : checks) {
      b.append(String.format("%-5s %-14s %s%n", c.outcome(), c.check(), c.message()));
    }
    return b.toString();
  }
}
