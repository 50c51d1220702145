package org.mingjian.platform.runtime.internal;

import org.apache.karaf.scheduler.Job;
import org.apache.karaf.scheduler.ScheduleOptions;
import org.apache.karaf.scheduler.Scheduler;
import org.apache.karaf.scheduler.SchedulerError;
import org.osgi.service.component.annotations.Activate;
import org.osgi.service.component.annotations.Component;
import org.osgi.service.component.annotations.Reference;

/** Schedules on Karaf's Quartz scheduler (feature {@code scheduler}). */
@Component(service = ScheduleTrigger.class)
public final class KarafScheduleTrigger implements ScheduleTrigger {
  private static final String PREFIX = "mingjian-schedule:";
  private final Scheduler scheduler;

  @Activate
  public KarafScheduleTrigger(@Reference Scheduler scheduler) {
    this.scheduler = scheduler;
  }

  @Override
  public void schedule(String name, String cron, Runnable job) {
    unschedule(name);
    ScheduleOptions options;
    try {
      options = scheduler.EXPR(cron).name(PREFIX + name).canRunConcurrently(false);
      scheduler.schedule((Job) context -> job.run(), options);
    } catch (SchedulerError | RuntimeException e) {
      throw new IllegalArgumentException(
          "the scheduler refuses '" + cron + "': " + e.getMessage(), e);
    }
  }

  @Override
  public void unschedule(String name) {
    scheduler.unschedule(PREFIX + name);
  }
}
