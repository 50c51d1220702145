package org.mingjian.sdk.model;

import org.osgi.annotation.versioning.ConsumerType;

/**
 * A supervision model written in Java.
 *
 * <p>Register an implementation as an OSGi service (for example a Declarative Services component)
 * carrying the {@link ModelId} property, in a bundle whose {@code Mingjian-Model} header names the
 * descriptor with the same id. SQL-only models need no Java at all: their descriptor names the SQL
 * file and how its columns become clues.
 *
 * <p>A run must read data only through {@link ModelContext#query} and report findings only through
 * {@link ModelContext#emit}. It should return promptly once {@link ModelContext#isCancelled()} is
 * true.
 */
@ConsumerType
@FunctionalInterface
public interface Model {

  /**
   * Runs the model once for {@link ModelContext#district()}.
   *
   * @param context the run's parameters, data access and clue sink
   * @throws Exception any failure; the run is marked FAILED with the exception's message and no
   *     other run is affected
   */
  void run(ModelContext context) throws Exception;
}
