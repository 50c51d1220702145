/** The runtime: registered models, where they are enabled, and their runs. */
@Export
@Version("1.1.0")
package org.mingjian.platform.runtime;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
