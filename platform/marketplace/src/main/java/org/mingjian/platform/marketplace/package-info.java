/**
 * The marketplace: model versions from submission to revocation, and the enablement that installs
 * them.
 */
@Export
@Version("1.0.0")
package org.mingjian.platform.marketplace;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
