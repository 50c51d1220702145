package org.mingjian.platform.marketplace;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mingjian.platform.runtime.Enablement;
import org.mingjian.platform.security.User;
import org.osgi.annotation.versioning.ProviderType;

/**
 * The model marketplace. Every method checks the caller's roles and district itself, so HTTP and
 * the shell enforce the same rules; every change is audited.
 */
@ProviderType
public interface Marketplace {

  /**
   * Validates and stores a submitted bundle.
   *
   * @param jar the bundle
   * @param signature a detached signature of the jar, or {@code null}
   * @param caller a DISTRICT_PUBLISHER; the author district is theirs
   * @return the new VALIDATED version
   * @throws MarketplaceException INVALID with {@code report} when a check fails (nothing stored),
   *     CONFLICT when the version is already in the catalog, FORBIDDEN for another district's
   *     model, TOO_LARGE
   */
  ModelVersion submit(byte[] jar, byte[] signature, User caller);

  /**
   * @param state a state, or {@code null} for all
   * @param caller REVIEWER or CITY_ADMIN (all), DISTRICT_PUBLISHER (own district's)
   * @return the submissions, newest first
   */
  List<ModelVersion> submissions(String state, User caller);

  /**
   * @param id a submission id
   * @param caller as for {@link #submissions}
   * @return the submission
   */
  ModelVersion submission(String id, User caller);

  /**
   * @param id a VALIDATED submission
   * @param comment the reviewer's comment, may be blank
   * @param caller a REVIEWER who did not submit it
   * @return the APPROVED version
   */
  ModelVersion approve(String id, String comment, User caller);

  /**
   * @param id a VALIDATED submission
   * @param comment why (required)
   * @param caller a REVIEWER
   * @return the REJECTED version
   */
  ModelVersion reject(String id, String comment, User caller);

  /**
   * Runs a submission on the data pool for one district without recording clues.
   *
   * @param id a VALIDATED or APPROVED submission
   * @param district the district whose data to use
   * @param parameters parameters, may be empty
   * @param caller a REVIEWER
   * @return {@code clues} (the clues, each a map) and {@code stats}
   */
  Map<String, Object> dryRun(
      String id, String district, Map<String, Object> parameters, User caller);

  /**
   * @param q text to find in id, name or supervision point, or {@code null}
   * @param businessLine a business line, or {@code null}
   * @param district only models enabled in this district, or {@code null}
   * @return the catalog
   */
  List<CatalogEntry> catalog(String q, String businessLine, String district);

  /**
   * @param modelId a model
   * @return its catalog entry
   */
  Optional<CatalogEntry> model(String modelId);

  /**
   * @param modelId a model
   * @param version a version
   * @param caller REVIEWER or CITY_ADMIN
   * @return the version and its jar
   */
  Map.Entry<ModelVersion, byte[]> artifact(String modelId, String version, User caller);

  /**
   * Revokes an approved version: off everywhere, its clues flagged.
   *
   * @param modelId a model
   * @param version an APPROVED version
   * @param reason why (required)
   * @param caller a CITY_ADMIN
   * @return the REVOKED version
   */
  ModelVersion revoke(String modelId, String version, String reason, User caller);

  /**
   * @param modelId a model
   * @param version an APPROVED version
   * @param caller a CITY_ADMIN
   * @return a signed transfer package
   */
  byte[] exportPackage(String modelId, String version, User caller);

  /**
   * @param pkg a transfer package
   * @param caller a CITY_ADMIN
   * @return the imported, APPROVED version
   * @throws MarketplaceException INVALID when tampered, untrusted or invalid here
   */
  ModelVersion importPackage(byte[] pkg, User caller);

  /**
   * Puts a model's enablement in force on this node: installs and starts the bundles of the version
   * (and shadow version) from the artifact store, then stores the desired state; returns once the
   * model is runnable.
   *
   * @param modelId the model
   * @param request the full new enablement
   * @param caller a CITY_ADMIN
   * @return the enablement in force
   */
  Enablement enable(String modelId, EnablementRequest request, User caller);

  /**
   * Switches a model off everywhere and uninstalls its bundles.
   *
   * @param modelId the model
   * @param caller a CITY_ADMIN
   */
  void disable(String modelId, User caller);

  /**
   * Rolls a model back to the newest APPROVED version older than the one in force.
   *
   * @param modelId the model
   * @param caller a CITY_ADMIN
   * @return the enablement in force
   */
  Enablement rollback(String modelId, User caller);

  /**
   * Makes this node's installed model bundles match the desired state.
   *
   * @return what was done, one line per action
   */
  List<String> reconcile();

  /**
   * Adds a jar shipped with the platform to the catalog as an APPROVED version published by the
   * city office, unless that version is already there.
   *
   * @param jar the bundle
   * @return the version in the catalog
   */
  ModelVersion publishBuiltin(byte[] jar);

  /**
   * @param district a district code
   * @return its registered signing certificate (PEM), if any
   */
  Optional<String> certificate(String district);

  /**
   * @param district a district code
   * @param pem an X.509 certificate in PEM
   * @param caller a CITY_ADMIN
   */
  void setCertificate(String district, String pem, User caller);
}
