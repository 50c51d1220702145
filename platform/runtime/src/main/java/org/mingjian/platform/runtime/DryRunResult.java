package org.mingjian.platform.runtime;

import java.util.List;
import java.util.Map;
import org.mingjian.sdk.model.Clue;

/**
 * What a dry run found. Its clues entered no queue.
 *
 * @param clues the clues, with their district set
 * @param datasetVersions the dataset versions read
 * @param durationMs how long the model ran
 * @param state SUCCEEDED, FAILED or TIMED_OUT
 * @param error why it failed, or {@code null}
 */
public record DryRunResult(
    List<Clue> clues,
    Map<String, Integer> datasetVersions,
    long durationMs,
    RunState state,
    String error) {}
