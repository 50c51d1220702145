/**
 * Validates a model bundle before the marketplace accepts it: the archive, the manifest, the SDK
 * range, the descriptor and its data contract, the SQL, the bytecode (forbidden APIs) and the
 * signature. Pure Java; the platform's marketplace and model authors call {@link
 * org.mingjian.sdk.validator.BundleValidator#validate} alike.
 */
@Export
@Version("1.0.0")
package org.mingjian.sdk.validator;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
