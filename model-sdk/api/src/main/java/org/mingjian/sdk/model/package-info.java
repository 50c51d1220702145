/**
 * The model contract: what a supervision model implements ({@link org.mingjian.sdk.model.Model})
 * and what the platform hands it for one run ({@link org.mingjian.sdk.model.ModelContext}).
 *
 * <p>No platform or engine type appears here: a model sees logical datasets, parameters and a sink
 * for clues, nothing else.
 */
@Export
@Version("1.0.0")
package org.mingjian.sdk.model;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
