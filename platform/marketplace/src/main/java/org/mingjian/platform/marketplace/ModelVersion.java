package org.mingjian.platform.marketplace;

import java.time.Instant;
import java.util.List;
import org.mingjian.sdk.validator.Check;

/**
 * One version of a model in the catalog, from submission on.
 *
 * @param id the submission id
 * @param modelId the model
 * @param version its version ({@code major.minor.micro})
 * @param state VALIDATED, APPROVED, REJECTED or REVOKED
 * @param origin SUBMITTED (by a district), BUILTIN (shipped with the platform) or IMPORTED (from a
 *     transfer package)
 * @param name the model's name
 * @param supervisionPoint what it supervises
 * @param businessLine its business line
 * @param kind SQL or JAVA
 * @param datasets the datasets it reads
 * @param authorDistrict the district that published it
 * @param submittedBy who submitted it
 * @param submittedAt when
 * @param sha256 the jar's SHA-256: its address in the artifact store
 * @param sizeBytes the jar's size
 * @param symbolicName the bundle symbolic name
 * @param bundleVersion the full bundle version
 * @param report the validation report
 * @param reviewedBy who approved or rejected it, or {@code null}
 * @param reviewedAt when, or {@code null}
 * @param reviewComment the reviewer's comment, or {@code null}
 * @param revokedBy who revoked it, or {@code null}
 * @param revokedAt when, or {@code null}
 * @param revokeReason why, or {@code null}
 */
public record ModelVersion(
    String id,
    String modelId,
    String version,
    String state,
    String origin,
    String name,
    String supervisionPoint,
    String businessLine,
    String kind,
    List<String> datasets,
    String authorDistrict,
    String submittedBy,
    Instant submittedAt,
    String sha256,
    long sizeBytes,
    String symbolicName,
    String bundleVersion,
    List<Check> report,
    String reviewedBy,
    Instant reviewedAt,
    String reviewComment,
    String revokedBy,
    Instant revokedAt,
    String revokeReason) {

  /** Submitted and valid, waiting for review. */
  public static final String VALIDATED = "VALIDATED";

  /** Approved: may be enabled. */
  public static final String APPROVED = "APPROVED";

  /** Rejected by a reviewer. */
  public static final String REJECTED = "REJECTED";

  /** Revoked after approval: disabled everywhere. */
  public static final String REVOKED = "REVOKED";
}
