/**
 * The connector contract: how the data pool pulls rows from a department's system (a file, a
 * database, an HTTP service) into a registered dataset.
 *
 * <p>A connector bundle registers a {@link org.mingjian.sdk.connector.Connector} service. A data
 * steward starts a load with the connector's name and a configuration that the platform checks
 * against {@link org.mingjian.sdk.connector.Connector#configSchema()}; the platform then calls
 * {@link org.mingjian.sdk.connector.Connector#open open} and reads the returned {@link
 * org.mingjian.sdk.connector.RowSource} to its end, validating every row exactly like an uploaded
 * CSV file. A connector never writes to the pool itself.
 */
@Export
@Version("1.0.0")
package org.mingjian.sdk.connector;

import org.osgi.annotation.bundle.Export;
import org.osgi.annotation.versioning.Version;
