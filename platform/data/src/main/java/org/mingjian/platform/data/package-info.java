/** The data pool: datasets, their versions and schemas, and connections for model runs. */
@Export
@Version("1.2.0")
package org.mingjian.platform.data;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
