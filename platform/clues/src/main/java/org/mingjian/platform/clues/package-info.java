/** The clue store: clues de-duplicated by fingerprint, and queries over them. */
@Export
@Version("1.0.0")
package org.mingjian.platform.clues;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
