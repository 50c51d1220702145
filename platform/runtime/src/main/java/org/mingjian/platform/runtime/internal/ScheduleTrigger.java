package org.mingjian.platform.runtime.internal;

/**
 * What fires schedules: Karaf's scheduler in the platform ({@link KarafScheduleTrigger}), a fake in
 * unit tests.
 */
interface ScheduleTrigger {
  /**
   * Fires {@code job} on a cron expression, replacing any job of the same name.
   *
   * @param name the job's name
   * @param cron a Quartz cron expression
   * @param job what to do
   * @throws IllegalArgumentException when the scheduler refuses the expression
   */
  void schedule(String name, String cron, Runnable job);

  /**
   * @param name a job's name; nothing happens when there is no such job
   */
  void unschedule(String name);
}
