/** Users, tokens, roles, district scope and masking of personal data. */
@Export
@Version("1.0.0")
package org.mingjian.platform.security;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
