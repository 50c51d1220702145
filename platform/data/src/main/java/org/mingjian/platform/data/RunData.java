package org.mingjian.platform.data;

import java.util.Map;
import org.mingjian.sdk.runner.DatasetResolver;

/**
 * The data a run reads, pinned when the run starts: later loads do not change what it sees.
 *
 * @param resolver maps the run's logical datasets to their pinned tables
 * @param versions the pinned version of each dataset, for the run's reproducibility record
 */
public record RunData(DatasetResolver resolver, Map<String, Integer> versions) {}
