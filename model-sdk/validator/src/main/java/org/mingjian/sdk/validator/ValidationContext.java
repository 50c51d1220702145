package org.mingjian.sdk.validator;

import java.security.cert.X509Certificate;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

/**
 * What the validator needs to know about the platform it validates for.
 *
 * @param sdkVersion the running SDK version, e.g. {@code 1.0.0}
 * @param datasetColumns a dataset name to its column names, empty if the district has no such
 *     dataset; {@code null} skips the data-contract check (e.g. on a developer's laptop)
 * @param districtCertificate the certificate the author district registered, or {@code null}
 * @param limits size limits for the archive; {@code null} means {@link Limits#defaults()}
 */
public record ValidationContext(
    String sdkVersion,
    Function<String, Optional<Set<String>>> datasetColumns,
    X509Certificate districtCertificate,
    Limits limits) {
  /** Requires the SDK version; fills in default limits. */
  public ValidationContext {
    Objects.requireNonNull(sdkVersion, "sdkVersion");
    if (limits == null) {
      limits = Limits.defaults();
    }
  }
}
