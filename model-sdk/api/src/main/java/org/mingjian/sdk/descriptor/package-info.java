/**
 * The model descriptor: the static description a model bundle ships as a resource (named by the
 * {@code Mingjian-Model} manifest header) so the platform can read it without running the bundle's
 * code.
 */
@Export
@Version("1.0.0")
package org.mingjian.sdk.descriptor;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
