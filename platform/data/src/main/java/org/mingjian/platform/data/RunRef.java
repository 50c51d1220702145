package org.mingjian.platform.data;

import java.time.Instant;

/**
 * A run that read a dataset version (lineage).
 *
 * @param runId the run
 * @param modelId the model run
 * @param district the district it ran for
 * @param requestedAt when it was requested
 * @param state its state
 */
public record RunRef(
    String runId, String modelId, String district, Instant requestedAt, String state) {}
