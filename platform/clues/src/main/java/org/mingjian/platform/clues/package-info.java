/**
 * The clue store: clues de-duplicated by fingerprint, and queries over them; similar cases across
 * districts and the governance recommendations drafted from them.
 */
@Export
@Version("1.1.0")
package org.mingjian.platform.clues;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
