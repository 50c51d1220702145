/** The state store: transactions over the platform database and the Mingjian home directory. */
@Export
@Version("1.1.0")
package org.mingjian.platform.store;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
