/**
 * The audit trail: every state change, login, reveal of personal data, export and model data read,
 * appended to a hash chain that nobody can quietly rewrite, with signed checkpoints an outside
 * party can check.
 */
@Export
@Version("1.0.0")
package org.mingjian.platform.audit;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
