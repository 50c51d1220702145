package org.mingjian.platform.runtime;

import java.time.Instant;

/**
 * A model taken out of service because its code ignored the end of its time limit: its bundle is
 * stopped, its enablement stays, and further runs are refused until a city administrator enables it
 * again.
 *
 * @param modelId the model
 * @param version the version that misbehaved
 * @param reason why, in a sentence
 * @param runId the run that caused it, or {@code null}
 * @param at when
 */
public record Quarantine(String modelId, String version, String reason, String runId, Instant at) {}
