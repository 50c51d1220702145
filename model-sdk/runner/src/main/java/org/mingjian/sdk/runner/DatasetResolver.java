package org.mingjian.sdk.runner;

import java.util.Optional;

/** Finds the physical table behind a logical dataset name. */
@FunctionalInterface
public interface DatasetResolver {
  /**
   * @param dataset a logical dataset name
   * @return where it lives, or empty when there is no such dataset (or it holds no data yet)
   */
  Optional<PhysicalDataset> resolve(String dataset);
}
