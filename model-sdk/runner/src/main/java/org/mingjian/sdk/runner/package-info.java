/**
 * Executes models: reads descriptors, binds parameters, checks that model SQL reads only declared
 * datasets, builds the per-run dataset views and turns results into clues. Used by the platform's
 * run engine and by the SDK test kit; model authors do not call it directly.
 */
@Export
@Version("1.0.0")
package org.mingjian.sdk.runner;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
